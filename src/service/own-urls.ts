// The emulator's own URLs for the images the API names (an application's IconURL, a theme's
// logo and favicon URLs: SPEC-rest §7.1, §8.2, §15.28), under the public base URL (--public-url,
// else the listening address). The console serves them (console/elastic-routes.ts); the paths are
// public (pages put them into <img>), one segment per part, each escaped.
import type { Partition } from '../store/resource-repo.js';

/** Where an application's icon is served: `<path>/<account>/<region>/<application>`. */
export const APPLICATION_ICON_PATH = '/_appstream/console/application-icon';

/** Where a theme's images are served: `<path>/<account>/<region>/<stack>/<THEME_IMAGES member>`. */
export const THEME_IMAGE_PATH = '/_appstream/console/theme-image';

/** The images of a theme, as the last segment of their URLs. */
export const THEME_IMAGES = ['logo', 'favicon'] as const;
export type ThemeImage = (typeof THEME_IMAGES)[number];

/** The URL of one of the emulator's own images: `<base><path>/<account>/<region>/<names...>`. */
export function ownAssetUrl(baseUrl: string, path: string, part: Partition, ...names: string[]): string {
  return `${baseUrl}${path}/${part.accountId}/${part.region}/${names.map(encodeURIComponent).join('/')}`;
}
