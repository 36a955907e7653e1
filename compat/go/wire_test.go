// What crossed the wire: every request the SDK sends goes through recordingHTTP, which keeps the
// answer (status, headers, body) so that the harness can check the wire contract of every
// answer (SPEC §1) and which operations were served, and so that a test can count the SDK's
// attempts (retries). After the run, reportWireViolations prints each broken rule once.
package compat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/appstream/types"
	smithycbor "github.com/aws/smithy-go/encoding/cbor"
	"github.com/aws/smithy-go/middleware"
)

// exchange is one HTTP attempt and its answer.
type exchange struct {
	Test      string // the test that sent it
	Operation string // from the CBOR path or the X-Amz-Target header
	Protocol  string // protoCBOR or protoJSON, from the request's path
	UserAgent string // the request's User-Agent (names the SDK's versions)
	Status    int
	Header    http.Header // the answer's headers
	Body      []byte      // the answer's body
}

// errorBody is an error answer's body, decoded in its protocol.
type errorBody struct {
	Type       string  // __type
	LowerMsg   *string // message
	UpperMsg   *string // Message
	decodeFail error
}

func (ex exchange) errorBody() errorBody {
	var eb errorBody
	fields := map[string]any{}
	if ex.Protocol == protoCBOR {
		v, err := smithycbor.Decode(ex.Body)
		if err != nil {
			return errorBody{decodeFail: err}
		}
		m, ok := v.(smithycbor.Map)
		if !ok {
			return errorBody{decodeFail: fmt.Errorf("the body is a %T, not a map", v)}
		}
		for k, v := range m {
			if s, ok := v.(smithycbor.String); ok {
				fields[k] = string(s)
			}
		}
	} else if err := json.Unmarshal(ex.Body, &fields); err != nil {
		return errorBody{decodeFail: err}
	}
	eb.Type, _ = fields["__type"].(string)
	if s, ok := fields["message"].(string); ok {
		eb.LowerMsg = &s
	}
	if s, ok := fields["Message"].(string); ok {
		eb.UpperMsg = &s
	}
	return eb
}

// decoded is the answer's body as plain Go values (map[string]any, []any, string, float64,
// bool, nil; a CBOR tag 1 timestamp becomes a time.Time), for tests of what was sent.
func (ex exchange) decoded() (map[string]any, error) {
	if ex.Protocol == protoJSON {
		out := map[string]any{}
		return out, json.Unmarshal(ex.Body, &out)
	}
	v, err := smithycbor.Decode(ex.Body)
	if err != nil {
		return nil, err
	}
	out, ok := plainCBOR(v).(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the body is a %T, not a map", v)
	}
	return out, nil
}

func plainCBOR(v smithycbor.Value) any {
	switch v := v.(type) {
	case smithycbor.Map:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = plainCBOR(e)
		}
		return m
	case smithycbor.List:
		l := make([]any, len(v))
		for i, e := range v {
			l[i] = plainCBOR(e)
		}
		return l
	case smithycbor.String:
		return string(v)
	case smithycbor.Uint:
		return float64(v)
	case smithycbor.NegInt:
		return -float64(v) - 1
	case smithycbor.Float32:
		return float64(v)
	case smithycbor.Float64:
		return float64(v)
	case smithycbor.Bool:
		return bool(v)
	case *smithycbor.Tag:
		if t, err := smithycbor.AsTime(v); err == nil {
			return t
		}
		return v
	default:
		return nil
	}
}

// wireLog is a list of exchanges, safe for concurrent use.
type wireLog struct {
	mu   sync.Mutex
	list []exchange
}

func (l *wireLog) add(ex exchange) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.list = append(l.list, ex)
}

// last is the most recent exchange; it fails the test when there is none.
func (l *wireLog) last(t testing.TB) exchange {
	t.Helper()
	all := l.all()
	if len(all) == 0 {
		t.Fatal("nothing was sent")
	}
	return all[len(all)-1]
}

// lastBody is the most recent answer's decoded body.
func (l *wireLog) lastBody(t testing.TB) map[string]any {
	t.Helper()
	body, err := l.last(t).decoded()
	if err != nil {
		t.Fatalf("the last answer's body: %v", err)
	}
	return body
}

func (l *wireLog) all() []exchange {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]exchange(nil), l.list...)
}

var sharedTransport = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}

// recordingHTTP is the SDK's HTTPClient: it sends with a plain net/http client and records each
// attempt in the suite's log, the client's log and the call's trace (see traceMiddleware).
type recordingHTTP struct {
	test string
	logs []*wireLog
}

func (r *recordingHTTP) Do(req *http.Request) (*http.Response, error) {
	resp, err := sharedTransport.Do(req)
	if err != nil {
		return resp, err
	}
	body, readErr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if readErr != nil {
		return nil, readErr
	}
	ex := exchange{Test: r.test, UserAgent: req.Header.Get("User-Agent"), Status: resp.StatusCode, Header: resp.Header.Clone(), Body: body}
	if op, ok := strings.CutPrefix(req.URL.Path, "/service/PhotonAdminProxyService/operation/"); ok {
		ex.Operation, ex.Protocol = op, protoCBOR
	} else {
		ex.Operation = strings.TrimPrefix(req.Header.Get("X-Amz-Target"), "PhotonAdminProxyService.")
		ex.Protocol = protoJSON
	}
	for _, l := range r.logs {
		l.add(ex)
	}
	if tr, ok := req.Context().Value(traceKey{}).(*wireLog); ok {
		tr.add(ex)
	}
	checkWire(ex)
	return resp, nil
}

type traceKey struct{}

// traceMiddleware gives each call its own trace of attempts; after the call it checks that
// the SDK turned a modeled error answer into its typed error (errors.As must work).
var traceMiddleware = middleware.InitializeMiddlewareFunc("compatTrace", func(
	ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler,
) (middleware.InitializeOutput, middleware.Metadata, error) {
	trace := &wireLog{}
	out, md, err := next.HandleInitialize(context.WithValue(ctx, traceKey{}, trace), in)
	if attempts := trace.all(); err != nil && len(attempts) > 0 {
		last := attempts[len(attempts)-1]
		code := shapeName(last.errorBody().Type)
		if isType, modeled := modeledErrorTypes[code]; modeled && !isType(err) {
			violate("the SDK decodes every modeled error answer into its type (errors.As)", "",
				last, fmt.Sprintf("%s answered, the SDK returned %T: %v", code, errors.Unwrap(err), err))
		}
	}
	return out, md, err
})

func as[T error](err error) bool {
	var target T
	return errors.As(err, &target)
}

// modeledErrorTypes: the model's exceptions, each with a test that an error is of its SDK type.
var modeledErrorTypes = map[string]func(error) bool{
	"ConcurrentModificationException":      as[*types.ConcurrentModificationException],
	"DryRunOperationException":             as[*types.DryRunOperationException],
	"EntitlementAlreadyExistsException":    as[*types.EntitlementAlreadyExistsException],
	"EntitlementNotFoundException":         as[*types.EntitlementNotFoundException],
	"IncompatibleImageException":           as[*types.IncompatibleImageException],
	"InvalidAccountStatusException":        as[*types.InvalidAccountStatusException],
	"InvalidParameterCombinationException": as[*types.InvalidParameterCombinationException],
	"InvalidRoleException":                 as[*types.InvalidRoleException],
	"LimitExceededException":               as[*types.LimitExceededException],
	"OperationNotPermittedException":       as[*types.OperationNotPermittedException],
	"RequestLimitExceededException":        as[*types.RequestLimitExceededException],
	"ResourceAlreadyExistsException":       as[*types.ResourceAlreadyExistsException],
	"ResourceInUseException":               as[*types.ResourceInUseException],
	"ResourceNotAvailableException":        as[*types.ResourceNotAvailableException],
	"ResourceNotFoundException":            as[*types.ResourceNotFoundException],
}

// modelStatus is each modeled error's httpStatusCode in the model (400 unless listed).
var modelStatus = map[string]int{"ResourceNotFoundException": 404, "DryRunOperationException": 412}

// shapeName strips a namespace (`com.amazonaws.appstream#X`) or a suffix (`X:http://...`).
func shapeName(errorType string) string {
	if i := strings.LastIndex(errorType, "#"); i >= 0 {
		errorType = errorType[i+1:]
	}
	name, _, _ := strings.Cut(errorType, ":")
	return name
}

// checkWire holds one answer to the wire contract of SPEC §1. The rules that issue 16's
// findings 3 and 4 are about say so (they fail until those are fixed).
func checkWire(ex exchange) {
	if ex.Header.Get("x-amzn-RequestId") == "" {
		violate("every answer carries x-amzn-RequestId", "", ex, "no x-amzn-RequestId")
	}
	if ex.Protocol == protoCBOR && ex.Header.Get("smithy-protocol") != "rpc-v2-cbor" {
		violate("every CBOR answer carries smithy-protocol: rpc-v2-cbor", "finding 7", ex, "smithy-protocol: "+ex.Header.Get("smithy-protocol"))
	}
	if ex.Status < 300 {
		return
	}
	eb := ex.errorBody()
	if eb.decodeFail != nil {
		violate("an error answer is a body in the caller's protocol", "", ex, eb.decodeFail.Error())
		return
	}
	code := shapeName(eb.Type)
	if _, modeled := modeledErrorTypes[code]; modeled {
		want := modelStatus[code]
		if want == 0 {
			want = 400
		}
		if ex.Status != want {
			violate("a modeled error has the model's httpStatusCode", "finding 3", ex, fmt.Sprintf("%s answered %d, the model says %d", code, ex.Status, want))
		}
	}
	if ex.Protocol == protoCBOR {
		if eb.Type != cborShapeID(code) {
			violate("a CBOR error's __type is the absolute shape ID", "finding 4", ex, fmt.Sprintf("__type %q", eb.Type))
		}
		_, modeled := modeledErrorTypes[code]
		if modeled && eb.UpperMsg == nil {
			violate("a modeled CBOR error's message is in its member Message", "finding 4", ex, fmt.Sprintf("%s has no Message", code))
		}
		// The Go SDK reads an unmodeled error's (ValidationException, ...) message from `message`
		// only: without it, ErrorMessage() is "UnknownError".
		if !modeled && eb.LowerMsg == nil {
			violate("an unmodeled CBOR error's message is in message", "", ex, fmt.Sprintf("%s has no message", code))
		}
		if h := ex.Header.Get("X-Amzn-ErrorType"); h != "" {
			violate("a CBOR error has no X-Amzn-ErrorType header", "finding 4", ex, "X-Amzn-ErrorType: "+h)
		}
		return
	}
	if eb.Type != code {
		violate("an awsJson1_1 error's __type is the bare code", "", ex, fmt.Sprintf("__type %q", eb.Type))
	}
	if h := ex.Header.Get("X-Amzn-ErrorType"); h != code {
		violate("an awsJson1_1 error has X-Amzn-ErrorType: <code>", "", ex, fmt.Sprintf("X-Amzn-ErrorType %q for %s", h, code))
	}
	if eb.LowerMsg == nil || eb.UpperMsg == nil || *eb.LowerMsg != *eb.UpperMsg {
		violate("an awsJson1_1 error has message and Message, the same", "", ex, fmt.Sprintf("message %v, Message %v", eb.LowerMsg, eb.UpperMsg))
	}
}

type violation struct {
	finding string
	count   int
	example string
}

var violations = struct {
	sync.Mutex
	byRule map[string]*violation
}{byRule: map[string]*violation{}}

// violate records that an answer broke a rule; the first example of each rule is kept.
func violate(rule, finding string, ex exchange, detail string) {
	violations.Lock()
	defer violations.Unlock()
	v := violations.byRule[rule]
	if v == nil {
		v = &violation{finding: finding, example: fmt.Sprintf("%s in %s: %s", ex.Operation, ex.Test, detail)}
		violations.byRule[rule] = v
	}
	v.count++
}

// reportWireViolations prints every broken rule (with the issue 16 finding it belongs to) and
// answers whether there was none.
func reportWireViolations() bool {
	violations.Lock()
	defer violations.Unlock()
	if len(violations.byRule) == 0 {
		fmt.Printf("compat/go: every answer kept the wire contract (%s)\n", suite.protocol)
		return true
	}
	rules := make([]string, 0, len(violations.byRule))
	for r := range violations.byRule {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	fmt.Fprintf(os.Stderr, "compat/go: answers that broke the wire contract (%s):\n", suite.protocol)
	for _, r := range rules {
		v := violations.byRule[r]
		finding := ""
		if v.finding != "" {
			finding = " [issue 16 " + v.finding + "]"
		}
		fmt.Fprintf(os.Stderr, "  - %s%s: %d answers, e.g. %s\n", r, finding, v.count, v.example)
	}
	return false
}
