// A stored stack or theme as a caller sees it: the wire shapes with the derived members (Arn,
// Name, CreatedTime, the theme's URLs) and the members AWS always returns (SPEC-rest §2.2).
import type { S3Location, Stack, Theme } from '../../generated/shapes.js';
import type { ResourceRecord } from '../../store/resource-repo.js';
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

/**
 * DECISION (SPEC-rest §15.28): a theme's logo and favicon URLs are the S3 objects' own URLs
 * (virtual-hosted style, in the stack's region).
 */
export function s3ObjectUrl(location: S3Location, region: string): string {
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  const key = (location.S3Key ?? '').split('/').map(encodeURIComponent).join('/');
  return `https://${location.S3Bucket}.s3.${region}.${domain}/${key}`;
}

/** The Theme shape: the output spellings of the members (ThemeTitleText, ThemeFooterLinks, the URLs). */
export function viewTheme(record: ResourceRecord<ThemeDoc>): Theme {
  const d = record.doc;
  const theme: Theme = {
    StackName: record.name,
    State: d.State,
    ThemeTitleText: d.ThemeTitleText,
    ThemeStyling: d.ThemeStyling,
    ThemeFooterLinks: d.ThemeFooterLinks,
    ThemeOrganizationLogoURL: s3ObjectUrl(d.OrganizationLogoS3Location, record.region),
    ThemeFaviconURL: s3ObjectUrl(d.FaviconS3Location, record.region),
    CreatedTime: new Date(record.createdMs),
  };
  if (theme.ThemeFooterLinks === undefined) delete theme.ThemeFooterLinks;
  return theme;
}
