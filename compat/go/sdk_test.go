// What the Go SDK does around every call, whatever the family: request ids, retries, the
// operations the emulator does not serve yet, and the Date header its clock-skew logic reads.
package compat

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/appstream"
	"github.com/aws/aws-sdk-go-v2/service/appstream/types"
	"github.com/aws/smithy-go"
)

// The request id of an answer, success or error, is what x-amzn-RequestId said.
func TestRequestIDs(t *testing.T) {
	f := newFixture(t)
	out, err := f.c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{})
	if err != nil {
		t.Fatal(err)
	}
	id, ok := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
	if sent := f.log.last(t).Header.Get("x-amzn-RequestId"); !ok || id == "" || id != sent {
		t.Errorf("request id %q (%v), x-amzn-RequestId %q", id, ok, sent)
	}
	_, err = f.c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Names: []string{"nope"}})
	var re *awshttp.ResponseError
	if !errors.As(err, &re) || re.ServiceRequestID() == "" || re.ServiceRequestID() != f.log.last(t).Header.Get("x-amzn-RequestId") {
		t.Errorf("an error's request id: %v", err)
	}
}

// Modeled client errors are not retried (one attempt); see TestImageQuota for
// LimitExceededException, which both SDKs retry as a throttling code.
func TestNoRetryOfClientErrors(t *testing.T) {
	f := newFixture(t)
	log := &wireLog{}
	c := newClient(log, f.account, region, t.Name())
	_, err := c.DeleteImage(f.ctx, &appstream.DeleteImageInput{Name: aws.String("nope")})
	if err == nil || len(log.all()) != 1 {
		t.Errorf("ResourceNotFoundException: %d attempts (%v), want 1", len(log.all()), err)
	}
}

// Every operation the emulator does not serve yet answers NotImplementedException (HTTP 501,
// not retried) naming it, through the SDK's own method for it. Operations whose input has
// required members are refused by the SDK before sending an empty input, and are skipped.
func TestNotImplementedOperations(t *testing.T) {
	ops, err := notImplementedOperations(suite.repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) == 0 {
		t.Skip("every operation of the model is served")
	}
	f := newFixture(t)
	sent := 0
	for _, op := range ops {
		log := &wireLog{}
		method := reflect.ValueOf(newClient(log, f.account, region, t.Name())).MethodByName(op)
		if !method.IsValid() {
			t.Errorf("the Go SDK has no method %s", op)
			continue
		}
		input := reflect.New(method.Type().In(1).Elem())
		res := method.Call([]reflect.Value{reflect.ValueOf(context.Background()), input})
		err, _ := res[1].Interface().(error)
		var invalid smithy.InvalidParamsError
		if errors.As(err, &invalid) {
			continue // required members: the SDK sends nothing
		}
		sent++
		expectAPIError(t, err, "NotImplementedException", fmt.Sprintf("The operation %s is not implemented by appstream-local.", op))
		if got := httpStatus(err); got != 501 {
			t.Errorf("%s: HTTP %d, want 501", op, got)
		}
		if n := len(log.all()); n != 1 {
			t.Errorf("%s: %d attempts, want 1 (501 is not retried)", op, n)
		}
	}
	if sent == 0 {
		t.Error("no unserved operation could be sent with an empty input")
	}
	t.Logf("%d of %d unserved operations sent with an empty input", sent, len(ops))
}

// The Go SDK corrects its signing clock from the answers' Date header when it is minutes off.
// The emulated clock moves far ahead in these tests, so Date must stay the real time (it
// does: the emulated time is only in the API's members).
func TestDateHeaderIsRealTime(t *testing.T) {
	f := newFixture(t)
	advance(t, 3*24*3600)
	if _, err := f.c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{}); err != nil {
		t.Fatal(err)
	}
	date, err := http.ParseTime(f.log.last(t).Header.Get("Date"))
	if err != nil {
		t.Fatalf("Date: %v", err)
	}
	if d := time.Since(date); d < -time.Minute || d > time.Minute {
		t.Errorf("Date %s is %s from the real time", date, d)
	}
}

// A Go program often passes empty, non-nil slices and maps, which the Go SDK sends (as [] and
// {}) where the JS SDK's callers usually leave members out. The emulator reads them as AWS
// does: an empty filter is no filter; an empty member with a minimum length is invalid.
func TestEmptyCollectionsTheGoSDKSends(t *testing.T) {
	f := newFixture(t)
	f.seedImage("img", nil)
	out, err := f.c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Names: []string{}, Arns: []string{}, Type: types.VisibilityTypePrivate})
	if err != nil || len(out.Images) != 1 {
		t.Errorf("DescribeImages with Names [] and Arns []: %v %v", out, err)
	}
	_, err = f.c.TagResource(f.ctx, &appstream.TagResourceInput{ResourceArn: aws.String(f.imageArn("img")), Tags: map[string]string{}})
	expectAPIError(t, err, "ValidationException",
		"1 validation error detected: Value '{}' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1")
	_, err = f.c.UntagResource(f.ctx, &appstream.UntagResourceInput{ResourceArn: aws.String(f.imageArn("img")), TagKeys: []string{}})
	expectAPIError(t, err, "ValidationException",
		"1 validation error detected: Value '[]' at 'tagKeys' failed to satisfy constraint: Member must have length greater than or equal to 1")
}
