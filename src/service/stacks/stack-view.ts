// A stored stack or theme as a caller sees it: the wire shapes with the derived members (Arn,
// Name, CreatedTime, the theme's URLs) and the members AWS always returns (SPEC-rest §2.2).
import type { Stack, Theme } from '../../generated/shapes.js';
import type { ResourceRecord } from '../../store/resource-repo.js';
import { ownAssetUrl, THEME_IMAGE_PATH, type ThemeImage } from '../own-urls.js';
import { defaultUserSettings } from './stack-settings.js';
import { stackArn, type StackDoc, type ThemeDoc } from './stack-store.js';

/** The Stack shape: UserSettings (8) and ApplicationSettings always present, everything else only when set. */
export function viewStack(record: ResourceRecord<StackDoc>): Stack {
  const d = record.doc;
  return {
    Arn: stackArn(record.region, record.accountId, record.name),
    Name: record.name,
    CreatedTime: new Date(record.createdMs),
    ...d,
    UserSettings: d.UserSettings ?? defaultUserSettings(),
    ApplicationSettings: d.ApplicationSettings ?? { Enabled: false },
  };
}

/** The Theme shape: the output spellings of the members (ThemeTitleText, ThemeFooterLinks, the URLs). */
export function viewTheme(record: ResourceRecord<ThemeDoc>, baseUrl: string): Theme {
  const d = record.doc;
  const theme: Theme = {
    StackName: record.name,
    State: d.State,
    ThemeTitleText: d.ThemeTitleText,
    ThemeStyling: d.ThemeStyling,
    ThemeFooterLinks: d.ThemeFooterLinks,
    // DECISION (SPEC-rest §8.2, §15.28): the logo and favicon URLs are the emulator's own (it
    // holds no S3 objects): <base>/_appstream/console/theme-image/<account>/<region>/<stack>/logo
    // (or /favicon), an image of the theme that the console serves.
    ThemeOrganizationLogoURL: ownAssetUrl(baseUrl, THEME_IMAGE_PATH, record, record.name, 'logo' satisfies ThemeImage),
    ThemeFaviconURL: ownAssetUrl(baseUrl, THEME_IMAGE_PATH, record, record.name, 'favicon' satisfies ThemeImage),
    CreatedTime: new Date(record.createdMs),
  };
  if (theme.ThemeFooterLinks === undefined) delete theme.ThemeFooterLinks;
  return theme;
}
