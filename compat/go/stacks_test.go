// Stacks through the Go SDK (SPEC-rest §2, §3, §8.2): CreateStack's defaults and input rules,
// DescribeStacks (names, NextToken loop), UpdateStack, DeleteStack, fleet associations, themes
// and tags on stacks, in the protocol of the build.
package compat

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/appstream"
	"github.com/aws/aws-sdk-go-v2/service/appstream/types"
)

// seedFleets gives the fixture's account fleets (name -> platform), RUNNING.
func (f *fixture) seedFleets(platforms map[string]string) {
	f.t.Helper()
	fleets := []obj{}
	for name, platform := range platforms {
		fleets = append(fleets, obj{"Name": name, "State": "RUNNING", "Platform": platform})
	}
	f.seed(obj{"fleets": fleets})
}

func (f *fixture) createStack(in *appstream.CreateStackInput) types.Stack {
	f.t.Helper()
	out, err := f.c.CreateStack(f.ctx, in)
	if err != nil {
		f.t.Fatalf("CreateStack %s: %v", aws.ToString(in.Name), err)
	}
	return *out.Stack
}

func TestCreateStackDefaults(t *testing.T) {
	f := newFixture(t)
	s := f.createStack(&appstream.CreateStackInput{Name: aws.String("basic"), Tags: map[string]string{"team": "go"}})
	if got := aws.ToString(s.Arn); got != fmt.Sprintf("arn:aws:appstream:%s:%s:stack/basic", region, f.account) {
		t.Errorf("Arn %s", got)
	}
	if len(s.UserSettings) != 8 {
		t.Fatalf("%d user settings, want 8", len(s.UserSettings))
	}
	for _, u := range s.UserSettings {
		if u.Permission != types.PermissionEnabled || u.MaximumLength != nil {
			t.Errorf("default user setting %s: %s, MaximumLength %v", u.Action, u.Permission, u.MaximumLength)
		}
	}
	if s.ApplicationSettings == nil || aws.ToBool(s.ApplicationSettings.Enabled) || s.ApplicationSettings.SettingsGroup != nil {
		t.Errorf("ApplicationSettings %+v, want {Enabled:false}", s.ApplicationSettings)
	}
	if s.CreatedTime == nil || s.StorageConnectors != nil || s.Description != nil || s.RedirectURL != nil {
		t.Errorf("members: %+v", s)
	}
	if got := listTags(t, f, aws.ToString(s.Arn)); fmt.Sprint(got) != "map[team:go]" {
		t.Errorf("tags %v", got)
	}
	_, err := f.c.CreateStack(f.ctx, &appstream.CreateStackInput{Name: aws.String("basic")})
	expectError[*types.ResourceAlreadyExistsException](t, err, "Stack basic already exists.")
	_, err = f.c.CreateStack(f.ctx, &appstream.CreateStackInput{
		Name:         aws.String("bad"),
		UserSettings: []types.UserSetting{{Action: types.ActionFileUpload, Permission: types.PermissionEnabled, MaximumLength: aws.Int32(5)}},
	})
	expectError[*types.InvalidParameterCombinationException](t, err, "MaximumLength is supported only for CLIPBOARD_COPY_FROM_LOCAL_DEVICE and CLIPBOARD_COPY_TO_LOCAL_DEVICE, not for FILE_UPLOAD.")
}

func TestDescribeStacksPaging(t *testing.T) {
	f := newFixture(t)
	f.seed(obj{"stacks": func() []obj {
		out := []obj{}
		for i := 0; i < 27; i++ {
			out = append(out, obj{"Name": fmt.Sprintf("s-%02d", i)})
		}
		return out
	}()})
	var names []string
	var token *string
	pages := 0
	for {
		out, err := f.c.DescribeStacks(f.ctx, &appstream.DescribeStacksInput{NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, s := range out.Stacks {
			names = append(names, aws.ToString(s.Name))
		}
		if out.NextToken != nil && *out.NextToken == "" {
			t.Fatal(`NextToken is "" (it must be absent on the last page)`)
		}
		if out.NextToken == nil {
			break
		}
		token = out.NextToken
	}
	if pages != 2 || len(names) != 27 || names[0] != "s-00" || names[26] != "s-26" {
		t.Errorf("%d pages, %d stacks: %v", pages, len(names), names)
	}
	out, err := f.c.DescribeStacks(f.ctx, &appstream.DescribeStacksInput{Names: []string{"s-03", "s-01"}})
	if err != nil || len(out.Stacks) != 2 || aws.ToString(out.Stacks[0].Name) != "s-01" {
		t.Errorf("by names: %v %+v", err, out)
	}
	_, err = f.c.DescribeStacks(f.ctx, &appstream.DescribeStacksInput{Names: []string{"s-01", "nope"}})
	expectError[*types.ResourceNotFoundException](t, err, "The stack nope does not exist.")
	if status := httpStatus(err); status != 404 {
		t.Errorf("ResourceNotFoundException with HTTP %d", status)
	}
}

func TestUpdateAndDeleteStack(t *testing.T) {
	f := newFixture(t)
	f.createStack(&appstream.CreateStackInput{Name: aws.String("st"), RedirectURL: aws.String("https://example.com"), Description: aws.String("d")})
	out, err := f.c.UpdateStack(f.ctx, &appstream.UpdateStackInput{
		Name:                aws.String("st"),
		DisplayName:         aws.String("Shown"),
		AttributesToDelete:  []types.StackAttribute{types.StackAttributeRedirectUrl},
		StorageConnectors:   []types.StorageConnector{{ConnectorType: types.StorageConnectorTypeHomefolders}},
		ApplicationSettings: &types.ApplicationSettings{Enabled: aws.Bool(true)},
	})
	if err != nil {
		t.Fatal(err)
	}
	s := out.Stack
	if aws.ToString(s.DisplayName) != "Shown" || aws.ToString(s.Description) != "d" || s.RedirectURL != nil {
		t.Errorf("updated: %+v", s)
	}
	if len(s.StorageConnectors) != 1 || aws.ToString(s.StorageConnectors[0].ResourceIdentifier) != fmt.Sprintf("arn:aws:s3:::appstream2-36fb080bb8-%s-%s", region, f.account) {
		t.Errorf("connectors %+v", s.StorageConnectors)
	}
	if aws.ToString(s.ApplicationSettings.SettingsGroup) != "st" || s.ApplicationSettings.S3BucketName == nil {
		t.Errorf("application settings %+v", s.ApplicationSettings)
	}
	_, err = f.c.UpdateStack(f.ctx, &appstream.UpdateStackInput{Name: aws.String("nope")})
	expectError[*types.ResourceNotFoundException](t, err, "The stack nope does not exist.")
	if _, err := f.c.DeleteStack(f.ctx, &appstream.DeleteStackInput{Name: aws.String("st")}); err != nil {
		t.Fatal(err)
	}
	_, err = f.c.DeleteStack(f.ctx, &appstream.DeleteStackInput{Name: aws.String("st")})
	expectError[*types.ResourceNotFoundException](t, err, "The stack st does not exist.")
}

func TestFleetStackAssociations(t *testing.T) {
	f := newFixture(t)
	f.seedFleets(map[string]string{"win": "WINDOWS_SERVER_2022", "lin": "AMAZON_LINUX2"})
	f.createStack(&appstream.CreateStackInput{Name: aws.String("a")})
	f.createStack(&appstream.CreateStackInput{Name: aws.String("gd"), StorageConnectors: []types.StorageConnector{{ConnectorType: types.StorageConnectorTypeGoogleDrive, Domains: []string{"a.com"}}}})
	if _, err := f.c.AssociateFleet(f.ctx, &appstream.AssociateFleetInput{FleetName: aws.String("win"), StackName: aws.String("a")}); err != nil {
		t.Fatal(err)
	}
	// LimitExceededException is a throttling code for the SDK's retryer: one attempt here.
	_, err := f.c.AssociateFleet(f.ctx, &appstream.AssociateFleetInput{FleetName: aws.String("lin"), StackName: aws.String("a")}, func(o *appstream.Options) { o.RetryMaxAttempts = 1 })
	expectError[*types.LimitExceededException](t, err, "The stack a already has a fleet associated with it.")
	_, err = f.c.AssociateFleet(f.ctx, &appstream.AssociateFleetInput{FleetName: aws.String("lin"), StackName: aws.String("gd")})
	expectError[*types.IncompatibleImageException](t, err, "The stack gd uses the GOOGLE_DRIVE storage connector, which is supported on Windows fleets only; fleet lin has platform AMAZON_LINUX2.")
	fleets, err := f.c.ListAssociatedFleets(f.ctx, &appstream.ListAssociatedFleetsInput{StackName: aws.String("a")})
	if err != nil || fmt.Sprint(fleets.Names) != "[win]" || fleets.NextToken != nil {
		t.Errorf("ListAssociatedFleets: %v %+v", err, fleets)
	}
	stacks, err := f.c.ListAssociatedStacks(f.ctx, &appstream.ListAssociatedStacksInput{FleetName: aws.String("win")})
	if err != nil || fmt.Sprint(stacks.Names) != "[a]" {
		t.Errorf("ListAssociatedStacks: %v %+v", err, stacks)
	}
	unknown, err := f.c.ListAssociatedStacks(f.ctx, &appstream.ListAssociatedStacksInput{FleetName: aws.String("nope")})
	if err != nil || len(unknown.Names) != 0 {
		t.Errorf("unknown fleet: %v %+v", err, unknown)
	}
	_, err = f.c.DeleteStack(f.ctx, &appstream.DeleteStackInput{Name: aws.String("a")})
	expectError[*types.ResourceInUseException](t, err, "Cannot delete stack a. This stack has fleets associated with it. Only stacks with no fleets associated with it can be deleted.")
	if _, err := f.c.DisassociateFleet(f.ctx, &appstream.DisassociateFleetInput{FleetName: aws.String("win"), StackName: aws.String("a")}); err != nil {
		t.Fatal(err)
	}
	_, err = f.c.DisassociateFleet(f.ctx, &appstream.DisassociateFleetInput{FleetName: aws.String("win"), StackName: aws.String("a")})
	expectError[*types.ResourceNotFoundException](t, err, "The fleet win is not associated with the stack a.")
}

func TestStackThemes(t *testing.T) {
	f := newFixture(t)
	f.createStack(&appstream.CreateStackInput{Name: aws.String("th")})
	link := func(i int) types.ThemeFooterLink {
		return types.ThemeFooterLink{DisplayName: aws.String(fmt.Sprintf("L%d", i)), FooterLinkURL: aws.String(fmt.Sprintf("https://example.com/%d", i))}
	}
	_, err := f.c.DescribeThemeForStack(f.ctx, &appstream.DescribeThemeForStackInput{StackName: aws.String("th")})
	expectError[*types.ResourceNotFoundException](t, err, "The theme for stack th does not exist.")
	created, err := f.c.CreateThemeForStack(f.ctx, &appstream.CreateThemeForStackInput{
		StackName:                  aws.String("th"),
		TitleText:                  aws.String("Go portal"),
		ThemeStyling:               types.ThemeStylingRed,
		OrganizationLogoS3Location: &types.S3Location{S3Bucket: aws.String("brand"), S3Key: aws.String("logo.png")},
		FaviconS3Location:          &types.S3Location{S3Bucket: aws.String("brand"), S3Key: aws.String("fav.ico")},
		FooterLinks:                []types.ThemeFooterLink{link(1), link(2)},
	})
	if err != nil {
		t.Fatal(err)
	}
	th := created.Theme
	if th.State != types.ThemeStateEnabled || aws.ToString(th.ThemeTitleText) != "Go portal" || len(th.ThemeFooterLinks) != 2 ||
		aws.ToString(th.ThemeOrganizationLogoURL) != themeImageURL(f.account, "th", "logo") || th.CreatedTime == nil {
		t.Errorf("theme %+v", th)
	}
	described, err := f.c.DescribeThemeForStack(f.ctx, &appstream.DescribeThemeForStackInput{StackName: aws.String("th")})
	if err != nil || aws.ToString(described.Theme.ThemeFaviconURL) != themeImageURL(f.account, "th", "favicon") ||
		aws.ToString(described.Theme.ThemeOrganizationLogoURL) != themeImageURL(f.account, "th", "logo") {
		t.Errorf("DescribeThemeForStack: %v %+v", err, described)
	}
	// The emulator's own URLs answer images.
	for _, u := range []string{aws.ToString(described.Theme.ThemeOrganizationLogoURL), aws.ToString(described.Theme.ThemeFaviconURL)} {
		res, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/svg+xml" {
			t.Errorf("GET %s: %d %s", u, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
	_, err = f.c.UpdateThemeForStack(f.ctx, &appstream.UpdateThemeForStackInput{StackName: aws.String("th"), FooterLinks: []types.ThemeFooterLink{link(1), link(2), link(3), link(4)}}, func(o *appstream.Options) { o.RetryMaxAttempts = 1 })
	expectError[*types.LimitExceededException](t, err, "A theme can have at most 3 footer links; 4 were given.")
	updated, err := f.c.UpdateThemeForStack(f.ctx, &appstream.UpdateThemeForStackInput{StackName: aws.String("th"), State: types.ThemeStateDisabled, AttributesToDelete: []types.ThemeAttribute{types.ThemeAttributeFooterLinks}})
	if err != nil || updated.Theme.State != types.ThemeStateDisabled || updated.Theme.ThemeFooterLinks != nil {
		t.Errorf("UpdateThemeForStack: %v %+v", err, updated)
	}
	if _, err := f.c.DeleteThemeForStack(f.ctx, &appstream.DeleteThemeForStackInput{StackName: aws.String("th")}); err != nil {
		t.Fatal(err)
	}
	_, err = f.c.DeleteThemeForStack(f.ctx, &appstream.DeleteThemeForStackInput{StackName: aws.String("th")})
	expectError[*types.ResourceNotFoundException](t, err, "The theme for stack th does not exist.")
}

// themeImageURL is a theme's logo or favicon URL: the emulator's own (SPEC-rest §8.2, §15.28).
func themeImageURL(account, stack, image string) string {
	return suite.url + "/_appstream/console/theme-image/" + account + "/" + region + "/" + stack + "/" + image
}
