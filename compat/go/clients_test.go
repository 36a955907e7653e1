// Clients and per-test isolation: each test gets fresh 12-digit account ids (the access key
// names the account), so tests never see each other's resources on the one shared server.
package compat

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/appstream"
	"github.com/aws/smithy-go/middleware"
)

const region = "us-east-1"

// nextAccount hands out account ids; the base moves with the wall clock so that a reused
// server (APPSTREAM_LOCAL_URL) does not hand a run the accounts of an earlier one.
var nextAccount = atomic.Int64{}

func init() { nextAccount.Store(200_000_000_000 + (time.Now().Unix()%100_000)*1_000_000) }

// newAccountID returns an account id no other test of this run uses.
func newAccountID() string { return fmt.Sprintf("%012d", nextAccount.Add(1)) }

// noBackoff keeps the SDK's retry decisions (which errors, how many attempts) without its
// sleeps, so that a retried error costs the suite no time.
type noBackoff struct{}

func (noBackoff) BackoffDelay(int, error) (time.Duration, error) { return 0, nil }

// newClient builds the SDK's own client for one account and region, pointed at the emulator.
// Every attempt is recorded in the suite's log and in log (when not nil), under test's name.
func newClient(log *wireLog, account, region, test string, optFns ...func(*appstream.Options)) *appstream.Client {
	logs := []*wireLog{suite.wire}
	if log != nil {
		logs = append(logs, log)
	}
	return appstream.New(appstream.Options{
		Region:       region,
		BaseEndpoint: aws.String(suite.url),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: account, SecretAccessKey: "compat-go-secret", Source: "compat"}, nil
		}),
		HTTPClient: &recordingHTTP{test: test, logs: logs},
		Retryer:    retry.NewStandard(func(o *retry.StandardOptions) { o.Backoff = noBackoff{} }),
		APIOptions: []func(*middleware.Stack) error{
			func(s *middleware.Stack) error { return s.Initialize.Add(traceMiddleware, middleware.Before) },
		},
	}, optFns...)
}

// fixture is one test's view: its own account, a client for it in us-east-1, and its log.
type fixture struct {
	t       *testing.T
	ctx     context.Context
	account string
	c       *appstream.Client
	log     *wireLog
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background(), account: newAccountID(), log: &wireLog{}}
	f.c = f.client(f.account, region)
	return f
}

// client builds a client for any account and region, recording into this test's log.
func (f *fixture) client(account, region string, optFns ...func(*appstream.Options)) *appstream.Client {
	return newClient(f.log, account, region, f.t.Name(), optFns...)
}

// in is the fixture's account in another region.
func (f *fixture) in(region string) *appstream.Client { return f.client(f.account, region) }

// imageArn and builderArn are the ARNs of the fixture's account's resources.
func (f *fixture) imageArn(name string) string {
	return fmt.Sprintf("arn:aws:appstream:%s:%s:image/%s", region, f.account, name)
}

func (f *fixture) builderArn(name string) string {
	return fmt.Sprintf("arn:aws:appstream:%s:%s:image-builder/%s", region, f.account, name)
}
