// Image builders through the Go SDK: CreateImageBuilder, StartImageBuilder, StopImageBuilder,
// DeleteImageBuilder, DescribeImageBuilders (paged by hand: the Go SDK has no paginator for
// it) and CreateImageBuilderStreamingURL.
package compat

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/appstream"
	"github.com/aws/aws-sdk-go-v2/service/appstream/types"
)

func builderInput(name string) *appstream.CreateImageBuilderInput {
	return &appstream.CreateImageBuilderInput{Name: aws.String(name), ImageName: aws.String(baseImage), InstanceType: aws.String("stream.standard.medium")}
}

func TestCreateImageBuilder(t *testing.T) {
	f := newFixture(t)
	in := builderInput("b-main")
	in.DisplayName, in.Description = aws.String("Main"), aws.String("the main one")
	in.Tags = map[string]string{"team": "imaging"}
	in.EnableDefaultInternetAccess = aws.Bool(true)
	in.IamRoleArn = aws.String(fmt.Sprintf("arn:aws:iam::%s:role/AppStreamBuilder", f.account))
	before := clockNow(t)
	out, err := f.c.CreateImageBuilder(f.ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	b := out.ImageBuilder
	checks := []struct {
		what      string
		got, want any
	}{
		{"Name", aws.ToString(b.Name), "b-main"},
		{"State", b.State, types.ImageBuilderStatePending},
		{"Arn", aws.ToString(b.Arn), f.builderArn("b-main")},
		{"ImageArn", aws.ToString(b.ImageArn), "arn:aws:appstream:us-east-1::image/" + baseImage},
		{"Platform", b.Platform, types.PlatformTypeWindowsServer2022},
		{"InstanceType", aws.ToString(b.InstanceType), "stream.standard.medium"},
		{"DisplayName", aws.ToString(b.DisplayName), "Main"},
		{"Description", aws.ToString(b.Description), "the main one"},
		{"EnableDefaultInternetAccess", aws.ToBool(b.EnableDefaultInternetAccess), true},
		{"IamRoleArn", aws.ToString(b.IamRoleArn), aws.ToString(in.IamRoleArn)},
		{"AppstreamAgentVersion", aws.ToString(b.AppstreamAgentVersion), "11-10-2025"},
		{"LatestAppstreamAgentVersion", b.LatestAppstreamAgentVersion, types.LatestAppstreamAgentVersionFalse},
		{"CreatedTime at the emulated now", !b.CreatedTime.Before(before) && b.CreatedTime.Sub(before) < 5*time.Second, true},
	}
	for _, c := range checks {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
	f.step()
	now := f.describeBuilder("b-main")
	if now.State != types.ImageBuilderStateRunning || now.NetworkAccessConfiguration == nil ||
		!regexp.MustCompile(`^eni-[0-9a-f]+$`).MatchString(aws.ToString(now.NetworkAccessConfiguration.EniId)) {
		t.Errorf("after one step: %s %+v", now.State, now.NetworkAccessConfiguration)
	}
	tags, err := f.c.ListTagsForResource(f.ctx, &appstream.ListTagsForResourceInput{ResourceArn: b.Arn})
	if err != nil || fmt.Sprint(tags.Tags) != "map[team:imaging]" {
		t.Errorf("tags: %v %v", tags, err)
	}
	latest, err := f.c.CreateImageBuilder(f.ctx, func() *appstream.CreateImageBuilderInput {
		in := builderInput("b-latest")
		in.AppstreamAgentVersion = aws.String("LATEST")
		return in
	}())
	if err != nil || latest.ImageBuilder.LatestAppstreamAgentVersion != types.LatestAppstreamAgentVersionTrue {
		t.Errorf("AppstreamAgentVersion LATEST: %v", err)
	}
	// By public ARN instead of name.
	byArn, err := f.c.CreateImageBuilder(f.ctx, &appstream.CreateImageBuilderInput{
		Name: aws.String("b-arn"), ImageArn: aws.String("arn:aws:appstream:us-east-1::image/" + baseImage), InstanceType: aws.String("stream.compute.large"),
	})
	if err != nil || aws.ToString(byArn.ImageBuilder.ImageArn) != "arn:aws:appstream:us-east-1::image/"+baseImage {
		t.Errorf("by ARN: %v", err)
	}
}

func TestImageBuilderStartStop(t *testing.T) {
	f := newFixture(t)
	f.runningBuilder("b")
	_, err := f.c.StartImageBuilder(f.ctx, &appstream.StartImageBuilderInput{Name: aws.String("b")})
	expectError[*types.ResourceNotAvailableException](t, err,
		"The image builder b is RUNNING. The image builder must be in a STOPPED state for this action to succeed.")
	stopped, err := f.c.StopImageBuilder(f.ctx, &appstream.StopImageBuilderInput{Name: aws.String("b")})
	if err != nil || stopped.ImageBuilder.State != types.ImageBuilderStateStopping {
		t.Fatalf("StopImageBuilder: %v", err)
	}
	f.step()
	if b := f.describeBuilder("b"); b.State != types.ImageBuilderStateStopped {
		t.Errorf("after stopping: %s", b.State)
	}
	_, err = f.c.StopImageBuilder(f.ctx, &appstream.StopImageBuilderInput{Name: aws.String("b")})
	expectError[*types.OperationNotPermittedException](t, err,
		"The image builder b is STOPPED. The image builder must be in a RUNNING state for this action to succeed.")
	started, err := f.c.StartImageBuilder(f.ctx, &appstream.StartImageBuilderInput{Name: aws.String("b"), AppstreamAgentVersion: aws.String("LATEST")})
	if err != nil {
		t.Fatal(err)
	}
	if started.ImageBuilder.State != types.ImageBuilderStatePending || started.ImageBuilder.LatestAppstreamAgentVersion != types.LatestAppstreamAgentVersionTrue {
		t.Errorf("StartImageBuilder answered %s, latest agent %s", started.ImageBuilder.State, started.ImageBuilder.LatestAppstreamAgentVersion)
	}
	f.step()
	if b := f.describeBuilder("b"); b.State != types.ImageBuilderStateRunning {
		t.Errorf("after starting: %s", b.State)
	}
}

func TestDeleteImageBuilder(t *testing.T) {
	f := newFixture(t)
	in := builderInput("b")
	in.Tags = map[string]string{"k": "v"}
	if _, err := f.c.CreateImageBuilder(f.ctx, in); err != nil {
		t.Fatal(err)
	}
	_, err := f.c.DeleteImageBuilder(f.ctx, &appstream.DeleteImageBuilderInput{Name: aws.String("b")})
	expectError[*types.OperationNotPermittedException](t, err,
		"The image builder b is PENDING. The image builder must be in one of the states RUNNING, STOPPED, FAILED for this action to succeed.")
	f.step()
	out, err := f.c.DeleteImageBuilder(f.ctx, &appstream.DeleteImageBuilderInput{Name: aws.String("b")})
	if err != nil || out.ImageBuilder.State != types.ImageBuilderStateDeleting {
		t.Fatalf("DeleteImageBuilder: %v", err)
	}
	f.step()
	_, err = f.c.DescribeImageBuilders(f.ctx, &appstream.DescribeImageBuildersInput{Names: []string{"b"}})
	expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The image builder b for account %s does not exist.", f.account))
	// The name is free again, without the old builder's tags.
	again, err := f.c.CreateImageBuilder(f.ctx, builderInput("b"))
	if err != nil {
		t.Fatal(err)
	}
	tags, err := f.c.ListTagsForResource(f.ctx, &appstream.ListTagsForResourceInput{ResourceArn: again.ImageBuilder.Arn})
	if err != nil || len(tags.Tags) != 0 {
		t.Errorf("a new builder of an old name has tags %v (%v)", tags.Tags, err)
	}
}

func TestImageBuilderNotFound(t *testing.T) {
	f := newFixture(t)
	f.runningBuilder("mine")
	msg := fmt.Sprintf("The image builder nope for account %s does not exist.", f.account)
	name := aws.String("nope")
	_, err := f.c.StartImageBuilder(f.ctx, &appstream.StartImageBuilderInput{Name: name})
	expectError[*types.ResourceNotFoundException](t, err, msg)
	_, err = f.c.StopImageBuilder(f.ctx, &appstream.StopImageBuilderInput{Name: name})
	expectError[*types.ResourceNotFoundException](t, err, msg)
	_, err = f.c.DeleteImageBuilder(f.ctx, &appstream.DeleteImageBuilderInput{Name: name})
	expectError[*types.ResourceNotFoundException](t, err, msg)
	_, err = f.c.CreateImageBuilderStreamingURL(f.ctx, &appstream.CreateImageBuilderStreamingURLInput{Name: name})
	expectError[*types.ResourceNotFoundException](t, err, msg)
	_, err = f.c.DescribeImageBuilders(f.ctx, &appstream.DescribeImageBuildersInput{Names: []string{"mine", "nope"}})
	expectError[*types.ResourceNotFoundException](t, err, msg)
	// Another account sees none of them.
	other := newAccountID()
	out, err := f.client(other, region).DescribeImageBuilders(f.ctx, &appstream.DescribeImageBuildersInput{})
	if err != nil || len(out.ImageBuilders) != 0 {
		t.Errorf("another account's listing: %v %v", out, err)
	}
	_, err = f.client(other, region).StopImageBuilder(f.ctx, &appstream.StopImageBuilderInput{Name: aws.String("mine")})
	expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The image builder mine for account %s does not exist.", other))
}

// DescribeImageBuilders has no paginator in the Go SDK (nor in JS: the Smithy model has no
// @paginated trait for it; boto3 and the AWS CLI page it from paginators-1.json): Go programs
// loop on NextToken themselves, as here.
func TestDescribeImageBuildersPaging(t *testing.T) {
	f := newFixture(t)
	var entries []obj
	for _, n := range []string{"p-e", "p-a", "p-d", "p-c", "p-b"} {
		entries = append(entries, obj{"Name": n, "ImageName": baseImage, "State": "RUNNING"})
	}
	f.seed(obj{"imageBuilders": entries})
	var seen []string
	var token *string
	for pages := 0; ; pages++ {
		out, err := f.c.DescribeImageBuilders(f.ctx, &appstream.DescribeImageBuildersInput{MaxResults: aws.Int32(2), NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.ImageBuilders) > 2 || pages > 3 {
			t.Fatalf("page %d: %d builders", pages, len(out.ImageBuilders))
		}
		for _, b := range out.ImageBuilders {
			seen = append(seen, aws.ToString(b.Name))
		}
		if token = out.NextToken; token == nil {
			break
		}
		if *token == "" {
			t.Fatal(`NextToken "" (must be absent on the last page)`)
		}
	}
	if got := strings.Join(seen, ","); got != "p-a,p-b,p-c,p-d,p-e" {
		t.Errorf("builders by page: %s", got)
	}
	byName, err := f.c.DescribeImageBuilders(f.ctx, &appstream.DescribeImageBuildersInput{Names: []string{"p-c", "p-a"}, MaxResults: aws.Int32(1)})
	if err != nil || len(byName.ImageBuilders) != 1 || aws.ToString(byName.ImageBuilders[0].Name) != "p-a" || byName.NextToken == nil {
		t.Fatalf("Names, 1 a page: %v", err)
	}
	next, err := f.c.DescribeImageBuilders(f.ctx, &appstream.DescribeImageBuildersInput{Names: []string{"p-c", "p-a"}, MaxResults: aws.Int32(1), NextToken: byName.NextToken})
	if err != nil || len(next.ImageBuilders) != 1 || aws.ToString(next.ImageBuilders[0].Name) != "p-c" || next.NextToken != nil {
		t.Errorf("Names, page 2: %v", err)
	}
	// DescribeImageBuilders' model has no InvalidParameterCombinationException: a bad token is a ValidationException.
	_, err = f.c.DescribeImageBuilders(f.ctx, &appstream.DescribeImageBuildersInput{NextToken: aws.String("forged.token")})
	expectAPIError(t, err, "ValidationException", regexp.MustCompile(`nextToken`))
}

// Expires is the emulated clock's now plus Validity (default 3600 s), rounded up to a whole
// second (the payload's unit): the emulator checks the URL against the same clock.
func TestImageBuilderStreamingURL(t *testing.T) {
	f := newFixture(t)
	f.runningBuilder("b")
	for _, validity := range []int64{0, 60, 604800} {
		in := &appstream.CreateImageBuilderStreamingURLInput{Name: aws.String("b")}
		want := int64(3600)
		if validity > 0 {
			in.Validity, want = aws.Int64(validity), validity
		}
		before := clockNow(t)
		out, err := f.c.CreateImageBuilderStreamingURL(f.ctx, in)
		after := clockNow(t)
		if err != nil {
			t.Fatal(err)
		}
		checkBuilderURL(t, aws.ToString(out.StreamingURL), f.account, "image-builder/b", out.Expires, `/_appstream/console/streaming/`)
		issued := out.Expires.Add(-time.Duration(want) * time.Second)
		if issued.Before(before) || issued.After(after.Truncate(time.Second).Add(time.Second)) {
			t.Errorf("Validity %d: Expires %s, want %d s after the emulated now (%s .. %s), rounded up to a second", validity, out.Expires.UTC(), want, before.UTC(), after.UTC())
		}
	}
	_, err := f.c.CreateImageBuilderStreamingURL(f.ctx, &appstream.CreateImageBuilderStreamingURLInput{Name: aws.String("b"), Validity: aws.Int64(604801)})
	expectAPIError(t, err, "ValidationException",
		"1 validation error detected: Value '604801' at 'validity' failed to satisfy constraint: Member must have value less than or equal to 604800")
	// Past 2^53 (a long the JS number reads inexactly), still the member's range error.
	_, err = f.c.CreateImageBuilderStreamingURL(f.ctx, &appstream.CreateImageBuilderStreamingURLInput{Name: aws.String("b"), Validity: aws.Int64(1 << 60)})
	expectAPIError(t, err, "ValidationException",
		"1 validation error detected: Value '1152921504606846976' at 'validity' failed to satisfy constraint: Member must have value less than or equal to 604800")
	_, err = f.c.CreateImageBuilderStreamingURL(f.ctx, &appstream.CreateImageBuilderStreamingURLInput{Name: aws.String("b"), Validity: aws.Int64(0)})
	expectAPIError(t, err, "ValidationException",
		"1 validation error detected: Value '0' at 'validity' failed to satisfy constraint: Member must have value greater than or equal to 1")
	if _, err := f.c.StopImageBuilder(f.ctx, &appstream.StopImageBuilderInput{Name: aws.String("b")}); err != nil {
		t.Fatal(err)
	}
	_, err = f.c.CreateImageBuilderStreamingURL(f.ctx, &appstream.CreateImageBuilderStreamingURLInput{Name: aws.String("b")})
	expectError[*types.OperationNotPermittedException](t, err,
		"The image builder b is STOPPING. The image builder must be in a RUNNING state for this action to succeed.")
}

func TestCreateImageBuilderErrors(t *testing.T) {
	f := newFixture(t)
	create := func(mod func(*appstream.CreateImageBuilderInput)) error {
		in := builderInput("x")
		mod(in)
		_, err := f.c.CreateImageBuilder(f.ctx, in)
		return err
	}
	one := "Exactly one of ImageName or ImageArn must be specified."
	expectError[*types.InvalidParameterCombinationException](t, create(func(in *appstream.CreateImageBuilderInput) { in.ImageName = nil }), one)
	expectError[*types.InvalidParameterCombinationException](t, create(func(in *appstream.CreateImageBuilderInput) {
		in.ImageArn = aws.String("arn:aws:appstream:us-east-1::image/" + baseImage)
	}), one)
	expectError[*types.ResourceNotFoundException](t, create(func(in *appstream.CreateImageBuilderInput) { in.ImageName = aws.String("no-such-image") }),
		fmt.Sprintf("The image no-such-image for account %s does not exist.", f.account))
	deprecated := catalogue(t).Deprecated[0]
	expectError[*types.ResourceNotAvailableException](t, create(func(in *appstream.CreateImageBuilderInput) { in.ImageName = aws.String(deprecated) }),
		fmt.Sprintf("The image %s is DEPRECATED. The image must be in an AVAILABLE state for this action to succeed.", deprecated))
	expectError[*types.InvalidParameterCombinationException](t, create(func(in *appstream.CreateImageBuilderInput) { in.InstanceType = aws.String("stream.standard.huge") }),
		"The instance type stream.standard.huge is not supported by AppStream 2.0.")
	// AWS's text for an instance family the image does not support (issue 17).
	expectError[*types.InvalidParameterCombinationException](t, create(func(in *appstream.CreateImageBuilderInput) {
		in.InstanceType = aws.String("stream.graphics.g4dn.xlarge")
	}),
		"The combination of instance type stream.graphics.g4dn.xlarge and image instance family GENERAL_PURPOSE is not supported. Select an image that belongs to image instance family supported by this instance type.")
	expectError[*types.InvalidRoleException](t, create(func(in *appstream.CreateImageBuilderInput) {
		in.IamRoleArn = aws.String(fmt.Sprintf("arn:aws:iam::%s:user/bob", f.account))
	}), fmt.Sprintf("AppStream 2.0 encountered an error because your IAM role 'arn:aws:iam::%s:user/bob' is invalid", f.account))
	f.runningBuilder("taken")
	expectError[*types.ResourceAlreadyExistsException](t, create(func(in *appstream.CreateImageBuilderInput) { in.Name = aws.String("taken") }),
		"The image builder taken already exists.")

	// The quota: 10 builders per account and region.
	var entries []obj
	for i := 0; i < 9; i++ {
		entries = append(entries, obj{"Name": fmt.Sprintf("q%d", i), "ImageName": baseImage, "State": "STOPPED"})
	}
	f.seed(obj{"imageBuilders": entries})
	expectError[*types.LimitExceededException](t, create(func(*appstream.CreateImageBuilderInput) {}),
		fmt.Sprintf("The maximum number of image builders (10) for account %s in us-east-1 has been reached.", f.account))
}

// A shared image is used by ARN, and only with allowImageBuilder.
func TestImageBuilderFromSharedImage(t *testing.T) {
	owner := newFixture(t)
	owner.seedImage("golden", nil)
	f := newFixture(t) // the grantee
	arn := owner.imageArn("golden")
	byArn := func() error {
		_, err := f.c.CreateImageBuilder(f.ctx, &appstream.CreateImageBuilderInput{Name: aws.String("sb"), ImageArn: aws.String(arn), InstanceType: aws.String("stream.standard.small")})
		return err
	}
	// The message names the account the ARN names (issue 17).
	expectError[*types.ResourceNotFoundException](t, byArn(), fmt.Sprintf("The image golden for account %s does not exist.", owner.account))
	share := func(allowImageBuilder bool) {
		if _, err := owner.c.UpdateImagePermissions(owner.ctx, &appstream.UpdateImagePermissionsInput{Name: aws.String("golden"), SharedAccountId: aws.String(f.account),
			ImagePermissions: &types.ImagePermissions{AllowFleet: aws.Bool(true), AllowImageBuilder: aws.Bool(allowImageBuilder)}}); err != nil {
			t.Fatal(err)
		}
	}
	share(false)
	expectError[*types.OperationNotPermittedException](t, byArn(), fmt.Sprintf("The image golden is not shared with account %s for use with image builders.", f.account))
	share(true)
	_, err := f.c.CreateImageBuilder(f.ctx, &appstream.CreateImageBuilderInput{Name: aws.String("sb"), ImageName: aws.String("golden"), InstanceType: aws.String("stream.standard.small")})
	expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The image golden for account %s does not exist.", f.account))
	if err := byArn(); err != nil {
		t.Fatal(err)
	}
	if b := f.describeBuilder("sb"); aws.ToString(b.ImageArn) != arn || b.Platform != types.PlatformTypeWindowsServer2022 {
		t.Errorf("a builder from a shared image: %+v", b)
	}
}

// A failure on purpose: FAILED with INTERNAL_ERROR and ImageBuilderErrors, then deletable.
func TestImageBuilderFailures(t *testing.T) {
	f := newFixture(t)
	f.failNext("CreateImageBuilder", 1)
	out, err := f.c.CreateImageBuilder(f.ctx, builderInput("f1"))
	if err != nil || out.ImageBuilder.State != types.ImageBuilderStatePending || out.ImageBuilder.StateChangeReason != nil {
		t.Fatalf("CreateImageBuilder: %v", err)
	}
	f.step()
	b := f.describeBuilder("f1")
	if b.State != types.ImageBuilderStateFailed || b.StateChangeReason == nil || b.StateChangeReason.Code != types.ImageBuilderStateChangeReasonCodeInternalError {
		t.Errorf("a failed builder: %s %+v", b.State, b.StateChangeReason)
	}
	if len(b.ImageBuilderErrors) != 1 || b.ImageBuilderErrors[0].ErrorCode != types.FleetErrorCodeInternalServiceError || b.ImageBuilderErrors[0].ErrorTimestamp == nil {
		t.Errorf("ImageBuilderErrors: %+v", b.ImageBuilderErrors)
	}
	_, err = f.c.StartImageBuilder(f.ctx, &appstream.StartImageBuilderInput{Name: aws.String("f1")})
	expectError[*types.ResourceNotAvailableException](t, err,
		"The image builder f1 is FAILED. The image builder must be in a STOPPED state for this action to succeed.")
	if _, err := f.c.DeleteImageBuilder(f.ctx, &appstream.DeleteImageBuilderInput{Name: aws.String("f1")}); err != nil {
		t.Error(err)
	}
}

// checkBuilderURL checks a builder's streaming URL: AWS's form under the emulator's base
// (<base>/_appstream/authenticate?parameters=<base64 JSON>&signature=<base64 HMAC>) with the ADMIN
// payload of ref (SPEC-rest §4.1, §7.4); opened, a redirect to the builder's console page
// (under pagePrefix), which answers 200; with its signature altered, a 403.
func checkBuilderURL(t *testing.T, got, account, ref string, expires *time.Time, pagePrefix string) {
	t.Helper()
	u, err := url.Parse(got)
	if err != nil || u.Scheme+"://"+u.Host+u.Path != suite.url+"/_appstream/authenticate" || expires == nil {
		t.Fatalf("StreamingURL %s: %v", got, err)
	}
	if expires.UnixMilli()%1000 != 0 {
		t.Errorf("Expires %s: want whole seconds, the payload's unit", expires.UTC())
	}
	raw, _ := base64.StdEncoding.DecodeString(u.Query().Get("parameters"))
	var payload map[string]string
	want := map[string]string{
		"type": "ADMIN", "expires": fmt.Sprint(expires.Unix()), "awsAccountId": account, "userId": "admin",
		"catalogSource": ref, "fleetRef": ref, "applicationId": "", "userContext": "", "maxUserDurationInSecs": "",
	}
	if err := json.Unmarshal(raw, &payload); err != nil || fmt.Sprint(payload) != fmt.Sprint(want) {
		t.Errorf("payload %s (%v), want %v", raw, err, want)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.Get(got)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if location := res.Header.Get("Location"); res.StatusCode != http.StatusFound || !strings.HasPrefix(location, pagePrefix) {
		t.Errorf("opening %s: %d to %q, want 302 to %s...", got, res.StatusCode, location, pagePrefix)
	}
	page, err := http.Get(got)
	if err != nil {
		t.Fatal(err)
	}
	page.Body.Close()
	if page.StatusCode != http.StatusOK || !strings.HasPrefix(page.Header.Get("Content-Type"), "text/html") {
		t.Errorf("the page of %s: %d %s", got, page.StatusCode, page.Header.Get("Content-Type"))
	}
	sig, _ := base64.StdEncoding.DecodeString(u.Query().Get("signature"))
	sig[0] ^= 1
	q := u.Query()
	q.Set("signature", base64.StdEncoding.EncodeToString(sig))
	u.RawQuery = q.Encode()
	forged, err := http.Get(u.String())
	if err != nil {
		t.Fatal(err)
	}
	forged.Body.Close()
	if forged.StatusCode != http.StatusForbidden {
		t.Errorf("a forged %s: %d, want 403", u, forged.StatusCode)
	}
}
