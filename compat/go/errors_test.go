// Error assertions as a Go program makes them: errors.As into the SDK's typed errors for
// modeled errors, smithy.APIError for the protocol-level ones.
package compat

import (
	"errors"
	"regexp"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
)

// expectError asserts that err is the modeled error E (e.g. *types.ResourceNotFoundException)
// and that its message is want: a string (exact) or a *regexp.Regexp. It answers the error.
func expectError[E smithy.APIError](t testing.TB, err error, want any) E {
	t.Helper()
	var target E
	if err == nil {
		t.Fatalf("want %T, got success", target)
	}
	if !errors.As(err, &target) {
		t.Fatalf("want %T, got %T: %v", target, err, err)
	}
	checkMessage(t, err, target.ErrorCode(), target.ErrorMessage(), want)
	return target
}

// expectAPIError asserts a protocol-level error (ValidationException, NotImplementedException,
// ...; the SDK has no type for these) by its code and message (string or *regexp.Regexp).
// Over RPC v2 CBOR the Go SDK reports the raw __type as the code (the absolute shape ID,
// SPEC §1), so the code is compared by its shape name and the raw form is checked too.
func expectAPIError(t testing.TB, err error, code string, want any) smithy.APIError {
	t.Helper()
	var apiErr smithy.APIError
	if err == nil {
		t.Fatalf("want %s, got success", code)
	}
	if !errors.As(err, &apiErr) {
		t.Fatalf("want %s, got %T: %v", code, err, err)
	}
	if shapeName(apiErr.ErrorCode()) != code {
		t.Fatalf("want %s, got %s: %v", code, apiErr.ErrorCode(), err)
	}
	if suite.protocol == protoCBOR && apiErr.ErrorCode() != cborShapeID(code) {
		t.Errorf("ErrorCode() is %q over CBOR; want %s (SPEC §1; src/errors/catalog.ts)", apiErr.ErrorCode(), cborShapeID(code))
	}
	checkMessage(t, err, code, apiErr.ErrorMessage(), want)
	return apiErr
}

func checkMessage(t testing.TB, err error, code, got string, want any) {
	t.Helper()
	var ok bool
	switch w := want.(type) {
	case string:
		ok = got == w
	case *regexp.Regexp:
		ok = w.MatchString(got)
	default:
		t.Fatalf("checkMessage: want is a %T", want)
	}
	if !ok {
		hint := ""
		switch {
		case got == "" && suite.protocol == protoCBOR:
			hint = " (the Go SDK reads a modeled CBOR error's message from Message only: issue 16 finding 4)"
		case got == "UnknownError" && suite.protocol == protoCBOR:
			hint = " (the Go SDK reads an unmodeled CBOR error's message from message only)"
		}
		t.Errorf("%s: message %q, want %v%s", code, got, want, hint)
	}
}

// httpStatus is the HTTP status of the answer behind an SDK error (0 if none).
func httpStatus(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// cborShapeID is the `__type` the emulator sends over RPC v2 CBOR for an error code (the
// decision in src/errors/catalog.ts): the model's namespace for its errors (and for the
// unmodeled codes AWS was observed to send), and the namespaces AWS's JSON front end uses for
// protocol-level ones (com.amazon.coral.validate#ValidationException, com.amazon.coral.service#...).
func cborShapeID(code string) string {
	if _, modeled := modeledErrorTypes[code]; modeled || code == "InvalidParameterValueException" {
		return "com.amazonaws.appstream#" + code
	}
	if code == "ValidationException" {
		return "com.amazon.coral.validate#" + code
	}
	return "com.amazon.coral.service#" + code
}
