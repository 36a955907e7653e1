// Image sharing through the Go SDK: UpdateImagePermissions, DescribeImagePermissions (with
// the SDK's paginator) and DeleteImagePermissions, and what the other account then sees.
package compat

import (
	"fmt"
	"regexp"
	"sort"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/appstream"
	"github.com/aws/aws-sdk-go-v2/service/appstream/types"
)

func share(t *testing.T, f *fixture, image, account string, perms types.ImagePermissions) {
	t.Helper()
	if _, err := f.c.UpdateImagePermissions(f.ctx, &appstream.UpdateImagePermissionsInput{
		Name: aws.String(image), SharedAccountId: aws.String(account), ImagePermissions: &perms,
	}); err != nil {
		t.Fatalf("UpdateImagePermissions %s -> %s: %v", image, account, err)
	}
}

func permsString(p *types.ImagePermissions) string {
	if p == nil {
		return "<nil>"
	}
	return fmt.Sprintf("fleet=%v builder=%v", aws.ToBool(p.AllowFleet), aws.ToBool(p.AllowImageBuilder))
}

func TestImageSharing(t *testing.T) {
	f := newFixture(t) // the owner
	f.seedImage("golden", nil)
	grantee := newAccountID()
	g := f.client(grantee, region)
	arn := f.imageArn("golden")
	// An ARN's not-found message names the account the ARN names, the owner's (issue 17); a
	// name's, the caller's.
	notFound := fmt.Sprintf("The image golden for account %s does not exist.", f.account)
	notFoundByName := fmt.Sprintf("The image golden for account %s does not exist.", grantee)

	_, err := g.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Arns: []string{arn}})
	expectError[*types.ResourceNotFoundException](t, err, notFound)
	share(t, f, "golden", grantee, types.ImagePermissions{AllowFleet: aws.Bool(true), AllowImageBuilder: aws.Bool(true)})

	shared, err := g.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Type: types.VisibilityTypeShared})
	if err != nil {
		t.Fatal(err)
	}
	if len(shared.Images) != 1 {
		t.Fatalf("the grantee's SHARED images: %d", len(shared.Images))
	}
	img := shared.Images[0]
	if aws.ToString(img.Arn) != arn || img.Visibility != types.VisibilityTypeShared || permsString(img.ImagePermissions) != "fleet=true builder=true" ||
		aws.ToString(img.BaseImageArn) != "arn:aws:appstream:us-east-1::image/"+baseImage {
		t.Errorf("the shared image as the grantee reads it: %+v", img)
	}
	// Shared images are found by ARN, never by name.
	_, err = g.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Names: []string{"golden"}})
	expectError[*types.ResourceNotFoundException](t, err, notFoundByName)
	if own := f.describeImage(f.c, "golden"); own.Visibility != types.VisibilityTypePrivate || own.ImageSharedWithOthers != types.ImageSharedWithOthersTrue {
		t.Errorf("the owner's view while shared: %s %s", own.Visibility, own.ImageSharedWithOthers)
	}
	perms, err := f.c.DescribeImagePermissions(f.ctx, &appstream.DescribeImagePermissionsInput{Name: aws.String("golden")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(perms.Name) != "golden" || len(perms.SharedImagePermissionsList) != 1 || perms.NextToken != nil ||
		aws.ToString(perms.SharedImagePermissionsList[0].SharedAccountId) != grantee ||
		permsString(perms.SharedImagePermissionsList[0].ImagePermissions) != "fleet=true builder=true" {
		t.Errorf("DescribeImagePermissions: %+v", perms)
	}

	// Updating a share replaces what it grants; a permission left out is not granted.
	share(t, f, "golden", grantee, types.ImagePermissions{AllowFleet: aws.Bool(false)})
	byArn, err := g.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Arns: []string{arn}})
	if err != nil || permsString(byArn.Images[0].ImagePermissions) != "fleet=false builder=false" {
		t.Errorf("after the update: %v", err)
	}
	// The grantee cannot manage the owner's shares.
	_, err = g.UpdateImagePermissions(f.ctx, &appstream.UpdateImagePermissionsInput{Name: aws.String("golden"), SharedAccountId: aws.String(newAccountID()),
		ImagePermissions: &types.ImagePermissions{AllowFleet: aws.Bool(true)}})
	expectError[*types.ResourceNotFoundException](t, err, notFoundByName)
	_, err = g.DescribeImagePermissions(f.ctx, &appstream.DescribeImagePermissionsInput{Name: aws.String("golden")})
	expectError[*types.ResourceNotFoundException](t, err, notFoundByName)
	_, err = g.DeleteImagePermissions(f.ctx, &appstream.DeleteImagePermissionsInput{Name: aws.String("golden"), SharedAccountId: aws.String(grantee)})
	expectError[*types.ResourceNotFoundException](t, err, notFoundByName)

	if _, err := f.c.DeleteImagePermissions(f.ctx, &appstream.DeleteImagePermissionsInput{Name: aws.String("golden"), SharedAccountId: aws.String(grantee)}); err != nil {
		t.Fatal(err)
	}
	_, err = g.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Arns: []string{arn}})
	expectError[*types.ResourceNotFoundException](t, err, notFound)
	if own := f.describeImage(f.c, "golden"); own.ImageSharedWithOthers != types.ImageSharedWithOthersFalse {
		t.Errorf("the owner's view after the share is gone: %s", own.ImageSharedWithOthers)
	}
	after, err := f.c.DescribeImagePermissions(f.ctx, &appstream.DescribeImagePermissionsInput{Name: aws.String("golden")})
	if err != nil || len(after.SharedImagePermissionsList) != 0 {
		t.Errorf("DescribeImagePermissions after the delete: %v %v", after, err)
	}
	if list, ok := f.log.lastBody(t)["SharedImagePermissionsList"].([]any); !ok || len(list) != 0 {
		t.Errorf("the answer's SharedImagePermissionsList is %v, want []", f.log.lastBody(t)["SharedImagePermissionsList"])
	}
	_, err = f.c.DeleteImagePermissions(f.ctx, &appstream.DeleteImagePermissionsInput{Name: aws.String("golden"), SharedAccountId: aws.String(grantee)})
	expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The image golden is not shared with account %s.", grantee))
}

func TestUpdateImagePermissionsErrors(t *testing.T) {
	f := newFixture(t)
	f.seedImage("golden", nil)
	f.seedImage("broken", obj{"State": "FAILED"})
	update := func(name, account string) error {
		_, err := f.c.UpdateImagePermissions(f.ctx, &appstream.UpdateImagePermissionsInput{Name: aws.String(name), SharedAccountId: aws.String(account),
			ImagePermissions: &types.ImagePermissions{AllowFleet: aws.Bool(true)}})
		return err
	}
	grantee := newAccountID()
	expectError[*types.ResourceNotFoundException](t, update("nope", grantee), fmt.Sprintf("The image nope for account %s does not exist.", f.account))
	expectError[*types.ResourceNotAvailableException](t, update("broken", grantee),
		"The image broken is FAILED. The image must be in an AVAILABLE state for this action to succeed.")
	expectAPIError(t, update("golden", f.account), "ValidationException", fmt.Sprintf(
		"1 validation error detected: Value '%s' at 'sharedAccountId' failed to satisfy constraint: Member must not be the account that owns the image", f.account))
	expectAPIError(t, update("golden", "abc"), "ValidationException", regexp.MustCompile(`at 'sharedAccountId'`))
	// A public image is nobody's to share.
	expectError[*types.ResourceNotFoundException](t, update(baseImage, grantee), fmt.Sprintf("The image %s for account %s does not exist.", baseImage, f.account))
	_, err := f.c.DeleteImagePermissions(f.ctx, &appstream.DeleteImagePermissionsInput{Name: aws.String("nope"), SharedAccountId: aws.String(grantee)})
	expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The image nope for account %s does not exist.", f.account))
	_, err = f.c.DescribeImagePermissions(f.ctx, &appstream.DescribeImagePermissionsInput{Name: aws.String("nope")})
	expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The image nope for account %s does not exist.", f.account))
}

func TestDescribeImagePermissionsPaginator(t *testing.T) {
	f := newFixture(t)
	f.seedImage("many", nil)
	var entries, want []string
	var perms []obj
	for i := 0; i < 120; i++ {
		acct := fmt.Sprintf("3%011d", i*7919%1000)
		entries = append(entries, acct)
		perms = append(perms, obj{"Name": "many", "SharedAccountId": acct, "allowFleet": i%2 == 0, "allowImageBuilder": true})
	}
	want = append(want, entries...)
	sort.Strings(want)
	f.seed(obj{"imagePermissions": perms})

	p := appstream.NewDescribeImagePermissionsPaginator(f.c, &appstream.DescribeImagePermissionsInput{Name: aws.String("many")},
		func(o *appstream.DescribeImagePermissionsPaginatorOptions) { o.Limit = 50 })
	var got []string
	var sizes []int
	for p.HasMorePages() {
		page, err := p.NextPage(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(page.SharedImagePermissionsList))
		for _, s := range page.SharedImagePermissionsList {
			got = append(got, aws.ToString(s.SharedAccountId))
		}
	}
	if fmt.Sprint(sizes) != "[50 50 20]" || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("pages of %v; accounts in order: %v", sizes, fmt.Sprint(got) == fmt.Sprint(want))
	}
	// MaxResults absent: up to 500 in one page.
	all, err := f.c.DescribeImagePermissions(f.ctx, &appstream.DescribeImagePermissionsInput{Name: aws.String("many")})
	if err != nil || len(all.SharedImagePermissionsList) != 120 || all.NextToken != nil {
		t.Errorf("one page of all: %v", err)
	}
	only, err := f.c.DescribeImagePermissions(f.ctx, &appstream.DescribeImagePermissionsInput{Name: aws.String("many"), SharedAwsAccountIds: []string{want[3], want[1], "999999999999"}})
	if err != nil || len(only.SharedImagePermissionsList) != 2 || aws.ToString(only.SharedImagePermissionsList[0].SharedAccountId) != want[1] {
		t.Errorf("SharedAwsAccountIds: %+v %v", only, err)
	}
	_, err = f.c.DescribeImagePermissions(f.ctx, &appstream.DescribeImagePermissionsInput{Name: aws.String("many"), MaxResults: aws.Int32(501)})
	expectAPIError(t, err, "ValidationException",
		"1 validation error detected: Value '501' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 500")
	// DescribeImagePermissions' model has no InvalidParameterCombinationException: a bad token is a ValidationException.
	_, err = f.c.DescribeImagePermissions(f.ctx, &appstream.DescribeImagePermissionsInput{Name: aws.String("many"), NextToken: aws.String("forged")})
	expectAPIError(t, err, "ValidationException", regexp.MustCompile(`nextToken`))
}

func TestImagePermissionsQuota(t *testing.T) {
	f := newFixture(t)
	f.seedImage("popular", nil)
	var perms []obj
	for i := 0; i < 100; i++ {
		perms = append(perms, obj{"Name": "popular", "SharedAccountId": fmt.Sprintf("4%011d", i), "allowFleet": true})
	}
	f.seed(obj{"imagePermissions": perms})
	_, err := f.c.UpdateImagePermissions(f.ctx, &appstream.UpdateImagePermissionsInput{Name: aws.String("popular"), SharedAccountId: aws.String(newAccountID()),
		ImagePermissions: &types.ImagePermissions{AllowFleet: aws.Bool(true)}})
	expectError[*types.LimitExceededException](t, err, "The image popular is already shared with the maximum number of accounts (100).")
	// Changing a share that exists is fine at the limit.
	share(t, f, "popular", fmt.Sprintf("4%011d", 7), types.ImagePermissions{AllowImageBuilder: aws.Bool(true)})
}
