// Tags through the Go SDK: TagResource, UntagResource, ListTagsForResource on images and image
// builders the caller owns; everything else is ResourceNotFoundException.
package compat

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/appstream"
	"github.com/aws/aws-sdk-go-v2/service/appstream/types"
)

func listTags(t *testing.T, f *fixture, arn string) map[string]string {
	t.Helper()
	out, err := f.c.ListTagsForResource(f.ctx, &appstream.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		t.Fatalf("ListTagsForResource %s: %v", arn, err)
	}
	return out.Tags
}

func TestTags(t *testing.T) {
	f := newFixture(t)
	f.seedImage("img", nil)
	f.seed(obj{"imageBuilders": []obj{{"Name": "b", "ImageName": baseImage, "State": "RUNNING"}}})
	for _, arn := range []string{f.imageArn("img"), f.builderArn("b")} {
		t.Run(arn[strings.LastIndex(arn, ":")+1:], func(t *testing.T) {
			// No tags: ListTagsForResource answers an empty Tags map (issue 17; boto3 code reads resp['Tags']).
			if tags := listTags(t, f, arn); len(tags) != 0 {
				t.Errorf("an untagged resource: %v", tags)
			}
			if tags, ok := f.log.lastBody(t)["Tags"]; !ok || fmt.Sprint(tags) != "map[]" {
				t.Errorf("the answer for an untagged resource has Tags %v (present: %v), want an empty map", tags, ok)
			}
			tag := func(tags map[string]string) error {
				_, err := f.c.TagResource(f.ctx, &appstream.TagResourceInput{ResourceArn: aws.String(arn), Tags: tags})
				return err
			}
			if err := tag(map[string]string{"team": "blue", "stage": "dev", "empty": ""}); err != nil {
				t.Fatal(err)
			}
			if err := tag(map[string]string{"stage": "prod"}); err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(listTags(t, f, arn)); got != "map[empty: stage:prod team:blue]" {
				t.Errorf("tags: %s", got)
			}
			if _, err := f.c.UntagResource(f.ctx, &appstream.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"team", "not-there"}}); err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(listTags(t, f, arn)); got != "map[empty: stage:prod]" {
				t.Errorf("tags after UntagResource: %s", got)
			}
			// At most 50; overwriting keys at the limit is fine.
			many := map[string]string{}
			for i := 0; i < 48; i++ {
				many[fmt.Sprintf("k%02d", i)] = "v"
			}
			if err := tag(many); err != nil {
				t.Fatal(err)
			}
			expectError[*types.LimitExceededException](t, tag(map[string]string{"one": "too many"}), fmt.Sprintf("The resource %s cannot have more than 50 tags.", arn))
			if err := tag(map[string]string{"k00": "new", "stage": "x"}); err != nil {
				t.Errorf("overwriting at the limit: %v", err)
			}
			if got := listTags(t, f, arn); len(got) != 50 || got["k00"] != "new" {
				t.Errorf("%d tags, k00=%q", len(got), got["k00"])
			}
		})
	}
}

func TestTagsValidation(t *testing.T) {
	f := newFixture(t)
	f.seedImage("img", nil)
	arn := aws.String(f.imageArn("img"))
	_, err := f.c.TagResource(f.ctx, &appstream.TagResourceInput{ResourceArn: arn, Tags: map[string]string{"aws:cloudformation:stack": "x"}})
	expectAPIError(t, err, "ValidationException", regexp.MustCompile(`^1 validation error detected: .*'tags'`))
	_, err = f.c.UntagResource(f.ctx, &appstream.UntagResourceInput{ResourceArn: arn, TagKeys: []string{"aws:x"}})
	expectAPIError(t, err, "ValidationException", regexp.MustCompile(`^1 validation error detected: .*'tagKeys`))
	_, err = f.c.TagResource(f.ctx, &appstream.TagResourceInput{ResourceArn: arn, Tags: map[string]string{strings.Repeat("k", 129): "x"}})
	expectAPIError(t, err, "ValidationException", regexp.MustCompile(`^1 validation error detected: `))
	_, err = f.c.TagResource(f.ctx, &appstream.TagResourceInput{ResourceArn: arn, Tags: map[string]string{}})
	expectAPIError(t, err, "ValidationException", regexp.MustCompile(`^1 validation error detected: .*'tags'`))
	_, err = f.c.ListTagsForResource(f.ctx, &appstream.ListTagsForResourceInput{ResourceArn: aws.String("not-an-arn")})
	expectAPIError(t, err, "ValidationException", regexp.MustCompile(`^1 validation error detected: .*'resourceArn'`))
}

// Public images, images shared with the caller, other accounts' resources and unknown ARNs
// all answer ResourceNotFoundException (Steampipe tags every listed image and swallows it).
func TestTagsOfWhatTheCallerDoesNotOwn(t *testing.T) {
	f := newFixture(t)
	owner := newFixture(t)
	owner.seedImage("shared", nil)
	share(t, owner, "shared", f.account, types.ImagePermissions{AllowFleet: aws.Bool(true)})
	arns := []string{
		"arn:aws:appstream:us-east-1::image/" + baseImage,
		owner.imageArn("shared"),
		owner.builderArn("b"),
		f.imageArn("nope"),
		fmt.Sprintf("arn:aws:appstream:eu-west-1:%s:image/nope", f.account),
	}
	for _, arn := range arns {
		msg := fmt.Sprintf("The resource %s does not exist.", arn)
		_, err := f.c.ListTagsForResource(f.ctx, &appstream.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
		expectError[*types.ResourceNotFoundException](t, err, msg)
		_, err = f.c.TagResource(f.ctx, &appstream.TagResourceInput{ResourceArn: aws.String(arn), Tags: map[string]string{"k": "v"}})
		expectError[*types.ResourceNotFoundException](t, err, msg)
		_, err = f.c.UntagResource(f.ctx, &appstream.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"k"}})
		expectError[*types.ResourceNotFoundException](t, err, msg)
	}
}
