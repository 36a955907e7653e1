// Images through the Go SDK: DescribeImages (with the SDK's paginator), CopyImage,
// CreateUpdatedImage, CreateImportedImage, DeleteImage, and images made by the Image Assistant.
package compat

import (
	"fmt"
	"regexp"
	"sort"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/appstream"
	"github.com/aws/aws-sdk-go-v2/service/appstream/types"
)

// walkImages pages DescribeImages with the SDK's paginator; it answers the names in order and
// checks every page's size and token (present on all pages but the last, never "").
func walkImages(t *testing.T, c *appstream.Client, in *appstream.DescribeImagesInput, limit int32) []string {
	t.Helper()
	p := appstream.NewDescribeImagesPaginator(c, in, func(o *appstream.DescribeImagesPaginatorOptions) {
		o.Limit = limit
		o.StopOnDuplicateToken = true
	})
	var names []string
	for p.HasMorePages() {
		page, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatalf("DescribeImages page %d: %v", len(names)/int(max(limit, 1))+1, err)
		}
		if limit > 0 && len(page.Images) > int(limit) {
			t.Fatalf("a page of %d images for Limit %d", len(page.Images), limit)
		}
		if page.NextToken != nil && *page.NextToken == "" {
			t.Fatalf("NextToken is \"\" (must be absent on the last page)")
		}
		if page.NextToken != nil && len(page.Images) == 0 {
			t.Fatalf("an empty page with a NextToken")
		}
		for _, img := range page.Images {
			names = append(names, aws.ToString(img.Name))
		}
	}
	return names
}

func TestDescribeImagesPublicCatalogue(t *testing.T) {
	f := newFixture(t)
	cat := catalogue(t)
	var want []string
	for _, e := range cat.Images {
		want = append(want, e.Name)
	}
	sort.Strings(want) // byte order: the emulator orders by Name, then Arn, by code point
	got := walkImages(t, f.c, &appstream.DescribeImagesInput{Type: types.VisibilityTypePublic}, 7)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("public images, 7 a page:\n got %v\nwant %v", got, want)
	}

	// Every member a public image has, as the Go SDK reads it.
	out, err := f.c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Names: []string{baseImage}})
	if err != nil {
		t.Fatal(err)
	}
	img := out.Images[0]
	release := time.Date(2025, 11, 10, 0, 0, 0, 0, time.UTC)
	checks := []struct {
		what      string
		got, want any
	}{
		{"Arn", aws.ToString(img.Arn), "arn:aws:appstream:us-east-1::image/" + baseImage},
		{"Visibility", img.Visibility, types.VisibilityTypePublic},
		{"State", img.State, types.ImageStateAvailable},
		{"ImageBuilderSupported", aws.ToBool(img.ImageBuilderSupported), true},
		{"ImageType", img.ImageType, types.ImageTypeNative},
		{"Platform", img.Platform, types.PlatformTypeWindowsServer2022},
		{"BaseImageArn", img.BaseImageArn, (*string)(nil)},
		{"CreatedTime", img.CreatedTime.Equal(release), true},
		{"PublicBaseImageReleasedDate", img.PublicBaseImageReleasedDate.Equal(release), true},
		{"AppstreamAgentVersion", aws.ToString(img.AppstreamAgentVersion), "11-10-2025"},
		{"NextToken", out.NextToken, (*string)(nil)},
	}
	for _, c := range checks {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}

	// Deprecated images are never listed, not even by name.
	_, err = f.c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Names: []string{cat.Deprecated[0]}})
	expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The image %s for account %s does not exist.", cat.Deprecated[0], f.account))

	// A plain listing (no Type, as Terraform sends it) holds the public images.
	all := walkImages(t, f.c, &appstream.DescribeImagesInput{}, 0)
	if len(all) != len(want) {
		t.Errorf("a plain listing of a new account: %d images, want the %d public ones", len(all), len(want))
	}
}

func TestDescribeImagesPageSizes(t *testing.T) {
	f := newFixture(t)
	for _, max := range []*int32{nil, aws.Int32(0), aws.Int32(25)} {
		out, err := f.c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Type: types.VisibilityTypePublic, MaxResults: max})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Images) != 25 || out.NextToken == nil {
			t.Errorf("MaxResults %v: %d images, NextToken %v; want 25 and a token", aws.ToInt32(max), len(out.Images), out.NextToken)
		}
	}
	_, err := f.c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{MaxResults: aws.Int32(26)})
	expectAPIError(t, err, "ValidationException",
		"1 validation error detected: Value '26' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 25")
}

// An empty page: the emulator sends "Images": [] (as AWS does). The Go SDK reads that as an
// empty slice over awsJson1_1 but as nil over RPC v2 CBOR (its CBOR list readers start from a
// nil slice), so a Go program cannot tell empty from absent there; JS reads [] in both.
func TestDescribeImagesEmptyPages(t *testing.T) {
	f := newFixture(t)
	for _, typ := range []types.VisibilityType{types.VisibilityTypePrivate, types.VisibilityTypeShared} {
		out, err := f.c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Type: typ})
		if err != nil {
			t.Fatal(err)
		}
		sent := f.log.lastBody(t)
		if list, ok := sent["Images"].([]any); !ok || len(list) != 0 {
			t.Errorf("%s of a new account: the answer has Images %#v, want []", typ, sent["Images"])
		}
		if _, ok := sent["NextToken"]; ok {
			t.Errorf("%s of a new account: the answer has a NextToken", typ)
		}
		if len(out.Images) != 0 || out.NextToken != nil {
			t.Errorf("%s of a new account: Images %#v, NextToken %v", typ, out.Images, out.NextToken)
		}
		if emptyNotNil := out.Images != nil; emptyNotNil != (suite.protocol == protoJSON) {
			t.Errorf("%s: Images is %#v over %s; compat/go/README.md says the Go SDK reads [] as nil only over CBOR", typ, out.Images, suite.protocol)
		}
	}
}

func TestDescribeImagesPrivatePaging(t *testing.T) {
	f := newFixture(t)
	var entries []obj
	var want []string
	for i := 0; i < 23; i++ {
		name := fmt.Sprintf("img-%02d", i)
		entries = append(entries, obj{"Name": name, "BaseImageName": baseImage})
		want = append(want, name)
	}
	f.seed(obj{"images": entries})
	got := walkImages(t, f.c, &appstream.DescribeImagesInput{Type: types.VisibilityTypePrivate}, 5)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("private images, 5 a page:\n got %v\nwant %v", got, want)
	}

	// Keyset paging: images created between pages after the cursor are seen, before it are not.
	first, err := f.c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Type: types.VisibilityTypePrivate, MaxResults: aws.Int32(10)})
	if err != nil {
		t.Fatal(err)
	}
	f.seed(obj{"images": []obj{{"Name": "img-00a", "BaseImageName": baseImage}, {"Name": "img-99", "BaseImageName": baseImage}}})
	rest := walkImages(t, f.c, &appstream.DescribeImagesInput{Type: types.VisibilityTypePrivate, NextToken: first.NextToken}, 10)
	wantRest := append(append([]string{}, want[10:]...), "img-99")
	if fmt.Sprint(rest) != fmt.Sprint(wantRest) {
		t.Errorf("the rest after creating img-00a and img-99:\n got %v\nwant %v", rest, wantRest)
	}
}

func TestDescribeImagesTokenMisuse(t *testing.T) {
	f := newFixture(t)
	page, err := f.c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Type: types.VisibilityTypePublic, MaxResults: aws.Int32(3)})
	if err != nil {
		t.Fatal(err)
	}
	other := f.client(newAccountID(), region)
	cases := map[string]struct {
		c  *appstream.Client
		in *appstream.DescribeImagesInput
	}{
		"another account":   {other, &appstream.DescribeImagesInput{Type: types.VisibilityTypePublic, MaxResults: aws.Int32(3), NextToken: page.NextToken}},
		"another region":    {f.in("eu-west-1"), &appstream.DescribeImagesInput{Type: types.VisibilityTypePublic, MaxResults: aws.Int32(3), NextToken: page.NextToken}},
		"another filter":    {f.c, &appstream.DescribeImagesInput{Type: types.VisibilityTypePrivate, MaxResults: aws.Int32(3), NextToken: page.NextToken}},
		"a forged token":    {f.c, &appstream.DescribeImagesInput{NextToken: aws.String("forged.token")}},
		"a truncated token": {f.c, &appstream.DescribeImagesInput{Type: types.VisibilityTypePublic, NextToken: aws.String((*page.NextToken)[:len(*page.NextToken)-3])}},
	}
	for what, tc := range cases {
		t.Run(what, func(t *testing.T) {
			_, err := tc.c.DescribeImages(f.ctx, tc.in)
			expectError[*types.InvalidParameterCombinationException](t, err, regexp.MustCompile(`(?i)token`))
		})
	}
}

func TestDescribeImagesErrors(t *testing.T) {
	f := newFixture(t)
	_, err := f.c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Names: []string{baseImage, "nope", "nope2"}})
	expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The image nope for account %s does not exist.", f.account))
	_, err = f.c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Arns: []string{f.imageArn("nope")}})
	expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The image nope for account %s does not exist.", f.account))
	// A public image by ARN, found in Arns.
	byArn, err := f.c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Arns: []string{"arn:aws:appstream:us-east-1::image/" + baseImage}})
	if err != nil || len(byArn.Images) != 1 || aws.ToString(byArn.Images[0].Name) != baseImage {
		t.Errorf("a public image by ARN: %v", err)
	}
	_, err = f.c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Names: []string{baseImage}, Arns: []string{f.imageArn("x")}})
	expectError[*types.InvalidParameterCombinationException](t, err, "Names and Arns cannot both be specified.")
	// Type restricts Names too: a public name is not PRIVATE.
	_, err = f.c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Names: []string{baseImage}, Type: types.VisibilityTypePrivate})
	expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The image %s for account %s does not exist.", baseImage, f.account))
}

// Timestamps cross the wire as epoch seconds (a JSON number; CBOR tag 1); the Go SDK must read
// the instant the emulator meant, to the millisecond.
func TestImageTimestamps(t *testing.T) {
	f := newFixture(t)
	instants := []string{"2026-01-10T12:34:56.789Z", "2026-01-10T00:00:00Z", "1999-12-31T23:59:59.001Z", "2026-03-01T08:00:00.5Z"}
	var entries []obj
	for i, at := range instants {
		entries = append(entries, obj{"Name": fmt.Sprintf("t%d", i), "BaseImageName": baseImage, "CreatedTime": at})
	}
	f.seed(obj{"images": entries})
	for i, at := range instants {
		want, _ := time.Parse(time.RFC3339Nano, at)
		img := f.describeImage(f.c, fmt.Sprintf("t%d", i))
		if !img.CreatedTime.Equal(want) {
			t.Errorf("CreatedTime %s read as %s", at, img.CreatedTime.UTC().Format(time.RFC3339Nano))
		}
	}
	// An image made now carries the emulated clock's time.
	now := clockNow(t)
	out, err := f.c.CreateImportedImage(f.ctx, &appstream.CreateImportedImageInput{Name: aws.String("now"), SourceAmiId: aws.String("ami-0123456789abcdef0")})
	if err != nil {
		t.Fatal(err)
	}
	if d := out.Image.CreatedTime.Sub(now); d < 0 || d > 5*time.Second {
		t.Errorf("CreatedTime %s, emulated now %s", out.Image.CreatedTime, now)
	}
}

func TestImageAssistantMakesImage(t *testing.T) {
	f := newFixture(t)
	f.runningBuilder("ib")
	f.addApplication("ib", obj{"Name": "notepadpp", "DisplayName": "Notepad++", "AbsoluteAppPath": `C:\Program Files\Notepad++\notepad++.exe`,
		"LaunchParameters": "-multiInst", "WorkingDirectory": `C:\Users\Public`})
	status, body := f.createImage("ib", "app-image", obj{"DisplayName": "App image", "Description": "v1", "Tags": obj{"stage": "dev"}})
	if status != 200 {
		t.Fatalf("create-image: %d %v", status, body)
	}
	if img := f.describeImage(f.c, "app-image"); img.State != types.ImageStatePending {
		t.Errorf("a new image is %s, want PENDING", img.State)
	}
	if b := f.describeBuilder("ib"); b.State != types.ImageBuilderStateSnapshotting {
		t.Errorf("the builder is %s while it makes an image, want SNAPSHOTTING", b.State)
	}
	f.step()
	img := f.describeImage(f.c, "app-image")
	if img.State != types.ImageStateAvailable || aws.ToString(img.ImageBuilderName) != "ib" || aws.ToString(img.DisplayName) != "App image" ||
		aws.ToString(img.Description) != "v1" || img.Visibility != types.VisibilityTypePrivate || img.ImageType != types.ImageTypeNative ||
		aws.ToString(img.BaseImageArn) != "arn:aws:appstream:us-east-1::image/"+baseImage || img.Platform != types.PlatformTypeWindowsServer2022 ||
		img.ImageSharedWithOthers != types.ImageSharedWithOthersFalse || aws.ToString(img.Arn) != f.imageArn("app-image") {
		t.Errorf("the image as the Go SDK reads it: %+v", img)
	}
	if !img.PublicBaseImageReleasedDate.Equal(time.Date(2025, 11, 10, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("PublicBaseImageReleasedDate %s", img.PublicBaseImageReleasedDate)
	}
	if len(img.Applications) != 1 {
		t.Fatalf("Applications: %+v", img.Applications)
	}
	app := img.Applications[0]
	if aws.ToString(app.Name) != "notepadpp" || aws.ToString(app.DisplayName) != "Notepad++" || aws.ToString(app.LaunchPath) != `C:\Program Files\Notepad++\notepad++.exe` ||
		aws.ToString(app.LaunchParameters) != "-multiInst" || aws.ToString(app.WorkingDirectory) != `C:\Users\Public` || !aws.ToBool(app.Enabled) {
		t.Errorf("the application: %+v", app)
	}
	tags, err := f.c.ListTagsForResource(f.ctx, &appstream.ListTagsForResourceInput{ResourceArn: img.Arn})
	if err != nil || fmt.Sprint(tags.Tags) != "map[stage:dev]" {
		t.Errorf("tags %v, %v", tags, err)
	}
	if b := f.describeBuilder("ib"); b.State != types.ImageBuilderStateStopped {
		t.Errorf("the builder is %s after the snapshot, want STOPPED", b.State)
	}
}

func TestCopyImage(t *testing.T) {
	f := newFixture(t)
	f.makeImage("cb", "src", obj{"Description": "original"})
	out, err := f.c.CopyImage(f.ctx, &appstream.CopyImageInput{
		SourceImageName: aws.String("src"), DestinationImageName: aws.String("src-eu"),
		DestinationRegion: aws.String("eu-west-1"), DestinationImageDescription: aws.String("copied"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.DestinationImageName) != "src-eu" {
		t.Errorf("DestinationImageName %v", out.DestinationImageName)
	}
	eu := f.in("eu-west-1")
	if img := f.describeImage(eu, "src-eu"); img.State != types.ImageStateCopying {
		t.Errorf("a copy is %s at first, want COPYING", img.State)
	}
	f.step()
	img := f.describeImage(eu, "src-eu")
	if img.State != types.ImageStateAvailable || aws.ToString(img.Arn) != fmt.Sprintf("arn:aws:appstream:eu-west-1:%s:image/src-eu", f.account) ||
		aws.ToString(img.Description) != "copied" || len(img.Applications) != 1 || img.Platform != types.PlatformTypeWindowsServer2022 {
		t.Errorf("the copy: %+v", img)
	}
	// The same region, another name, works too.
	if _, err := f.c.CopyImage(f.ctx, &appstream.CopyImageInput{SourceImageName: aws.String("src"), DestinationImageName: aws.String("src-2"), DestinationRegion: aws.String(region)}); err != nil {
		t.Fatal(err)
	}
}

func TestCopyImageErrors(t *testing.T) {
	f := newFixture(t)
	f.seedImage("src", nil)
	f.seedImage("dst", nil)
	f.seedImage("busy", obj{"State": "PENDING"})
	copyTo := func(source, dest, region string) error {
		_, err := f.c.CopyImage(f.ctx, &appstream.CopyImageInput{SourceImageName: aws.String(source), DestinationImageName: aws.String(dest), DestinationRegion: aws.String(region)})
		return err
	}
	expectError[*types.ResourceNotFoundException](t, copyTo("nope", "x", "eu-west-1"), fmt.Sprintf("The image nope for account %s does not exist.", f.account))
	expectError[*types.ResourceNotFoundException](t, copyTo(baseImage, "x", "eu-west-1"), fmt.Sprintf("The image %s for account %s does not exist.", baseImage, f.account))
	expectError[*types.ResourceAlreadyExistsException](t, copyTo("src", "dst", region), "The image dst already exists.")
	expectError[*types.ResourceNotAvailableException](t, copyTo("busy", "x", region),
		"The image busy is PENDING. The image must be in an AVAILABLE state for this action to succeed.")
	expectAPIError(t, copyTo("src", "AppStream-mine", "eu-west-1"), "ValidationException",
		"1 validation error detected: Value 'AppStream-mine' at 'destinationImageName' failed to satisfy constraint: Member must not start with 'aws', 'appstream' or 'amazon' (in any case)")
	expectAPIError(t, copyTo("src", "x", "mars-1"), "ValidationException", regexp.MustCompile(`^1 validation error detected: Value 'mars-1' at 'destinationRegion'`))
}

func TestCreateUpdatedImage(t *testing.T) {
	f := newFixture(t)
	latest := catalogue(t).LatestAgentVersion
	f.seedImage("old", obj{"Description": "v1", "Applications": []obj{{"Name": "calc", "LaunchPath": `C:\calc.exe`, "Enabled": true}}})
	dry, err := f.c.CreateUpdatedImage(f.ctx, &appstream.CreateUpdatedImageInput{ExistingImageName: aws.String("old"), NewImageName: aws.String("new"), DryRun: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	if !aws.ToBool(dry.CanUpdateImage) || aws.ToString(dry.Image.Name) != "old" {
		t.Errorf("dryRun: canUpdateImage %v, image %v", dry.CanUpdateImage, aws.ToString(dry.Image.Name))
	}
	_, err = f.c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Names: []string{"new"}})
	expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The image new for account %s does not exist.", f.account))

	out, err := f.c.CreateUpdatedImage(f.ctx, &appstream.CreateUpdatedImageInput{
		ExistingImageName: aws.String("old"), NewImageName: aws.String("new"), NewImageDescription: aws.String("updated"),
		NewImageDisplayName: aws.String("New"), NewImageTags: map[string]string{"stage": "prod"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !aws.ToBool(out.CanUpdateImage) || out.Image.State != types.ImageStateCreating || aws.ToString(out.Image.Name) != "new" {
		t.Errorf("CreateUpdatedImage: %v %+v", out.CanUpdateImage, out.Image)
	}
	f.step()
	img := f.describeImage(f.c, "new")
	if img.State != types.ImageStateAvailable || aws.ToString(img.AppstreamAgentVersion) != latest ||
		img.LatestAppstreamAgentVersion != types.LatestAppstreamAgentVersionTrue || aws.ToString(img.Description) != "updated" ||
		aws.ToString(img.DisplayName) != "New" || aws.ToString(img.BaseImageArn) != f.imageArn("old") || len(img.Applications) != 1 {
		t.Errorf("the updated image: %+v", img)
	}
	tags, err := f.c.ListTagsForResource(f.ctx, &appstream.ListTagsForResourceInput{ResourceArn: img.Arn})
	if err != nil || fmt.Sprint(tags.Tags) != "map[stage:prod]" {
		t.Errorf("newImageTags: %v %v", tags, err)
	}

	// Errors: already on the latest agent, missing, name taken, not AVAILABLE.
	dry, err = f.c.CreateUpdatedImage(f.ctx, &appstream.CreateUpdatedImageInput{ExistingImageName: aws.String("new"), NewImageName: aws.String("v3"), DryRun: aws.Bool(true)})
	if err != nil || aws.ToBool(dry.CanUpdateImage) {
		t.Errorf("dryRun on the latest agent: %v %v", dry, err)
	}
	_, err = f.c.CreateUpdatedImage(f.ctx, &appstream.CreateUpdatedImageInput{ExistingImageName: aws.String("new"), NewImageName: aws.String("v3")})
	expectError[*types.IncompatibleImageException](t, err,
		fmt.Sprintf("The image new already uses the latest AppStream 2.0 agent (%s); there is no update to apply.", latest))
	_, err = f.c.CreateUpdatedImage(f.ctx, &appstream.CreateUpdatedImageInput{ExistingImageName: aws.String("nope"), NewImageName: aws.String("v3")})
	expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The image nope for account %s does not exist.", f.account))
	_, err = f.c.CreateUpdatedImage(f.ctx, &appstream.CreateUpdatedImageInput{ExistingImageName: aws.String("old"), NewImageName: aws.String("new")})
	expectError[*types.ResourceAlreadyExistsException](t, err, "The image new already exists.")
	f.seedImage("broken", obj{"State": "FAILED"})
	_, err = f.c.CreateUpdatedImage(f.ctx, &appstream.CreateUpdatedImageInput{ExistingImageName: aws.String("broken"), NewImageName: aws.String("v3")})
	expectError[*types.OperationNotPermittedException](t, err,
		"The image broken is FAILED. The image must be in an AVAILABLE state for this action to succeed.")
}

func TestCreateImportedImage(t *testing.T) {
	f := newFixture(t)
	out, err := f.c.CreateImportedImage(f.ctx, &appstream.CreateImportedImageInput{
		Name: aws.String("imported"), SourceAmiId: aws.String("ami-0123456789abcdef0"),
		IamRoleArn:  aws.String(fmt.Sprintf("arn:aws:iam::%s:role/AppStreamImport", f.account)),
		Description: aws.String("from an AMI"), DisplayName: aws.String("Imported"), Tags: map[string]string{"source": "ami"},
		AppCatalogConfig:        []types.ApplicationConfig{{Name: aws.String("Calc"), AbsoluteAppPath: aws.String(`C:\Windows\System32\calc.exe`), DisplayName: aws.String("Calculator")}},
		RuntimeValidationConfig: &types.RuntimeValidationConfig{IntendedInstanceType: aws.String("stream.standard.large")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if out.Image.State != types.ImageStateImporting || out.Image.ImageType != types.ImageTypeCustom {
		t.Errorf("CreateImportedImage answered %s %s", out.Image.State, out.Image.ImageType)
	}
	// IMPORTING -> VALIDATING (a RuntimeValidationConfig was given) -> AVAILABLE.
	for _, want := range []types.ImageState{types.ImageStateImporting, types.ImageStateValidating, types.ImageStateAvailable} {
		if img := f.describeImage(f.c, "imported"); img.State != want {
			t.Errorf("state %s, want %s", img.State, want)
		}
		f.step()
	}
	img := f.describeImage(f.c, "imported")
	if len(img.Applications) != 1 || aws.ToString(img.Applications[0].Name) != "Calc" || aws.ToString(img.Applications[0].DisplayName) != "Calculator" ||
		aws.ToString(img.Applications[0].LaunchPath) != `C:\Windows\System32\calc.exe` || aws.ToString(img.DisplayName) != "Imported" {
		t.Errorf("the imported image: %+v", img)
	}
	byol, err := f.c.CreateImportedImage(f.ctx, &appstream.CreateImportedImageInput{Name: aws.String("from-workspaces"), WorkspaceImageId: aws.String("wsi-0123456789abc")})
	if err != nil {
		t.Fatal(err)
	}
	if byol.Image.ImageType != types.ImageTypeByol {
		t.Errorf("a WorkSpaces image imports as %s, want BYOL", byol.Image.ImageType)
	}
}

func TestCreateImportedImageErrors(t *testing.T) {
	f := newFixture(t)
	imp := func(in appstream.CreateImportedImageInput) error {
		if in.Name == nil {
			in.Name = aws.String("i2")
		}
		_, err := f.c.CreateImportedImage(f.ctx, &in)
		return err
	}
	ami := aws.String("ami-0123456789abcdef0")
	combo := "Exactly one of SourceAmiId or WorkspaceImageId must be specified."
	expectError[*types.InvalidParameterCombinationException](t, imp(appstream.CreateImportedImageInput{}), combo)
	expectError[*types.InvalidParameterCombinationException](t, imp(appstream.CreateImportedImageInput{SourceAmiId: ami, WorkspaceImageId: aws.String("wsi-0123456789abc")}), combo)
	err := imp(appstream.CreateImportedImageInput{SourceAmiId: ami, DryRun: aws.Bool(true)})
	expectError[*types.DryRunOperationException](t, err, "Request would have succeeded, but DryRun flag is set.")
	if got := httpStatus(err); got != 412 {
		t.Errorf("DryRunOperationException: HTTP %d, the model says 412 (issue 16 finding 3)", got)
	}
	expectError[*types.InvalidRoleException](t, imp(appstream.CreateImportedImageInput{SourceAmiId: ami, IamRoleArn: aws.String("arn:aws:s3:::bucket/role")}),
		"AppStream 2.0 encountered an error because your IAM role 'arn:aws:s3:::bucket/role' is invalid")
	expectError[*types.InvalidParameterCombinationException](t,
		imp(appstream.CreateImportedImageInput{SourceAmiId: ami, RuntimeValidationConfig: &types.RuntimeValidationConfig{IntendedInstanceType: aws.String("stream.bogus.large")}}),
		"The instance type stream.bogus.large is not supported by AppStream 2.0.")
	f.seedImage("taken", nil)
	expectError[*types.ResourceAlreadyExistsException](t, imp(appstream.CreateImportedImageInput{Name: aws.String("taken"), SourceAmiId: ami}), "The image taken already exists.")
	expectAPIError(t, imp(appstream.CreateImportedImageInput{Name: aws.String("Amazon-mine"), SourceAmiId: ami}), "ValidationException",
		regexp.MustCompile(`^1 validation error detected: Value 'Amazon-mine' at 'name' failed to satisfy constraint: Member must not start with`))
}

func TestDeleteImage(t *testing.T) {
	f := newFixture(t)
	f.seedImage("shared", nil)
	grantee := newAccountID()
	if _, err := f.c.UpdateImagePermissions(f.ctx, &appstream.UpdateImagePermissionsInput{
		Name: aws.String("shared"), SharedAccountId: aws.String(grantee), ImagePermissions: &types.ImagePermissions{AllowFleet: aws.Bool(true)},
	}); err != nil {
		t.Fatal(err)
	}
	_, err := f.c.DeleteImage(f.ctx, &appstream.DeleteImageInput{Name: aws.String("shared")})
	expectError[*types.ResourceInUseException](t, err, "The image shared is shared with other accounts. Remove its image permissions before you delete it.")
	// The account it is shared with does not own it.
	_, err = f.client(grantee, region).DeleteImage(f.ctx, &appstream.DeleteImageInput{Name: aws.String("shared")})
	expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The image shared for account %s does not exist.", grantee))
	if _, err := f.c.DeleteImagePermissions(f.ctx, &appstream.DeleteImagePermissionsInput{Name: aws.String("shared"), SharedAccountId: aws.String(grantee)}); err != nil {
		t.Fatal(err)
	}
	out, err := f.c.DeleteImage(f.ctx, &appstream.DeleteImageInput{Name: aws.String("shared")})
	if err != nil {
		t.Fatal(err)
	}
	if out.Image.State != types.ImageStateDeleting || aws.ToString(out.Image.Name) != "shared" {
		t.Errorf("DeleteImage answered %s %v", out.Image.State, aws.ToString(out.Image.Name))
	}
	f.step()
	_, err = f.c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Names: []string{"shared"}})
	expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The image shared for account %s does not exist.", f.account))
	_, err = f.c.DeleteImage(f.ctx, &appstream.DeleteImageInput{Name: aws.String(baseImage)})
	expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The image %s for account %s does not exist.", baseImage, f.account))
	// Not while it is in a transition (DeleteImage's model has no ResourceNotAvailableException).
	f.seedImage("busy", obj{"State": "CREATING"})
	_, err = f.c.DeleteImage(f.ctx, &appstream.DeleteImageInput{Name: aws.String("busy")})
	expectError[*types.OperationNotPermittedException](t, err,
		"The image busy is CREATING. The image must be in an AVAILABLE or FAILED state for this action to succeed.")
}

// Failures on purpose: an image's FAILED state, StateChangeReason and ImageErrors as Go reads them.
func TestImageFailures(t *testing.T) {
	f := newFixture(t)
	f.seedImage("good", nil)
	f.failNext("CopyImage", 1)
	if _, err := f.c.CopyImage(f.ctx, &appstream.CopyImageInput{SourceImageName: aws.String("good"), DestinationImageName: aws.String("c1"), DestinationRegion: aws.String(region)}); err != nil {
		t.Fatal(err)
	}
	f.step()
	img := f.describeImage(f.c, "c1")
	if img.State != types.ImageStateFailed || img.StateChangeReason == nil || img.StateChangeReason.Code != types.ImageStateChangeReasonCodeImageCopyFailure ||
		aws.ToString(img.StateChangeReason.Message) == "" {
		t.Errorf("a failed copy: %s %+v", img.State, img.StateChangeReason)
	}
	if len(img.ImageErrors) != 1 || img.ImageErrors[0].ErrorCode != types.FleetErrorCodeInternalServiceError || img.ImageErrors[0].ErrorTimestamp == nil {
		t.Errorf("ImageErrors: %+v", img.ImageErrors)
	}
	// The rule is used up: the next copy works.
	if _, err := f.c.CopyImage(f.ctx, &appstream.CopyImageInput{SourceImageName: aws.String("good"), DestinationImageName: aws.String("c2"), DestinationRegion: aws.String(region)}); err != nil {
		t.Fatal(err)
	}
	f.step()
	if img := f.describeImage(f.c, "c2"); img.State != types.ImageStateAvailable || img.StateChangeReason != nil || img.ImageErrors != nil {
		t.Errorf("the next copy: %s %+v %+v", img.State, img.StateChangeReason, img.ImageErrors)
	}
	// A FAILED image can be deleted.
	if out, err := f.c.DeleteImage(f.ctx, &appstream.DeleteImageInput{Name: aws.String("c1")}); err != nil || out.Image.State != types.ImageStateDeleting {
		t.Errorf("DeleteImage of a FAILED image: %v", err)
	}
}

// The image quota (10 per account and region). LimitExceededException is a throttling code to
// both SDKs' retryers, so a quota error costs the caller three attempts.
func TestImageQuota(t *testing.T) {
	f := newFixture(t)
	var entries []obj
	for i := 0; i < 10; i++ {
		entries = append(entries, obj{"Name": fmt.Sprintf("q%d", i), "BaseImageName": baseImage})
	}
	f.seed(obj{"images": entries})
	log := &wireLog{}
	c := newClient(log, f.account, region, t.Name())
	_, err := c.CopyImage(f.ctx, &appstream.CopyImageInput{SourceImageName: aws.String("q0"), DestinationImageName: aws.String("q10"), DestinationRegion: aws.String(region)})
	expectError[*types.LimitExceededException](t, err, fmt.Sprintf("The maximum number of images (10) for account %s in us-east-1 has been reached.", f.account))
	if n := len(log.all()); n != 3 {
		t.Errorf("the Go SDK sent %d attempts for LimitExceededException, want 3 (it is a throttling code)", n)
	}
	_, err = f.c.CreateImportedImage(f.ctx, &appstream.CreateImportedImageInput{Name: aws.String("q10"), SourceAmiId: aws.String("ami-0123456789abcdef0")})
	expectError[*types.LimitExceededException](t, err, fmt.Sprintf("The maximum number of images (10) for account %s in us-east-1 has been reached.", f.account))
	// Another region has its own quota.
	if _, err := f.c.CopyImage(f.ctx, &appstream.CopyImageInput{SourceImageName: aws.String("q0"), DestinationImageName: aws.String("q10"), DestinationRegion: aws.String("us-west-2")}); err != nil {
		t.Fatal(err)
	}
}
