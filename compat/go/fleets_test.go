// Fleets, streaming URLs and sessions through the Go SDK (SPEC-rest §1, §4): CreateFleet's
// defaults and rules, DescribeFleets (names, NextToken loop), the SDK's fleet_started and
// fleet_stopped waiters on the emulated clock, UpdateFleet per state, DeleteFleet's rules,
// CreateStreamingURL in AWS's form, sessions opened through the URL, DescribeSessions,
// ExpireSession and DrainSessionInstance, in the protocol of the build.
package compat

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/appstream"
	"github.com/aws/aws-sdk-go-v2/service/appstream/types"
)

const fleetImage = "AppStream-WinServer2022-11-10-2025"

// clockedFleets moves the emulated clock one transition before each poll of a waiter.
type clockedFleets struct {
	*appstream.Client
	t testing.TB
}

func (c clockedFleets) DescribeFleets(ctx context.Context, in *appstream.DescribeFleetsInput, o ...func(*appstream.Options)) (*appstream.DescribeFleetsOutput, error) {
	advance(c.t, transitionSeconds)
	return c.Client.DescribeFleets(ctx, in, o...)
}

func (f *fixture) createFleet(name string, edit func(*appstream.CreateFleetInput)) types.Fleet {
	f.t.Helper()
	in := &appstream.CreateFleetInput{
		Name: aws.String(name), ImageName: aws.String(fleetImage), InstanceType: aws.String("stream.standard.medium"),
		ComputeCapacity: &types.ComputeCapacity{DesiredInstances: aws.Int32(2)},
	}
	if edit != nil {
		edit(in)
	}
	out, err := f.c.CreateFleet(f.ctx, in)
	if err != nil {
		f.t.Fatalf("CreateFleet %s: %v", name, err)
	}
	return *out.Fleet
}

func (f *fixture) describeFleet(name string) types.Fleet {
	f.t.Helper()
	out, err := f.c.DescribeFleets(f.ctx, &appstream.DescribeFleetsInput{Names: []string{name}})
	if err != nil || len(out.Fleets) != 1 {
		f.t.Fatalf("DescribeFleets %s: %v %+v", name, err, out)
	}
	return out.Fleets[0]
}

func (f *fixture) startFleetAndWait(name string) {
	f.t.Helper()
	if _, err := f.c.StartFleet(f.ctx, &appstream.StartFleetInput{Name: aws.String(name)}); err != nil {
		f.t.Fatal(err)
	}
	w := appstream.NewFleetStartedWaiter(clockedFleets{f.c, f.t}, func(o *appstream.FleetStartedWaiterOptions) { o.MinDelay, o.MaxDelay = time.Millisecond, 10*time.Millisecond })
	if err := w.Wait(f.ctx, &appstream.DescribeFleetsInput{Names: []string{name}}, time.Minute); err != nil {
		f.t.Fatalf("fleet_started %s: %v", name, err)
	}
}

func TestFleetLifecycle(t *testing.T) {
	f := newFixture(t)
	fl := f.createFleet("life", func(in *appstream.CreateFleetInput) { in.Tags = map[string]string{"team": "go"} })
	if fl.State != types.FleetStateStopped || aws.ToString(fl.Arn) != fmt.Sprintf("arn:aws:appstream:%s:%s:fleet/life", region, f.account) {
		t.Fatalf("CreateFleet: %+v", fl)
	}
	// The members Terraform and Prowler read without checking.
	if aws.ToInt32(fl.MaxUserDurationInSeconds) != 57600 || aws.ToInt32(fl.DisconnectTimeoutInSeconds) != 900 || fl.EnableDefaultInternetAccess == nil || *fl.EnableDefaultInternetAccess ||
		fl.StreamView != types.StreamViewApp || fl.FleetType != types.FleetTypeOnDemand || fl.IdleDisconnectTimeoutInSeconds != nil ||
		aws.ToString(fl.ImageName) != fleetImage || aws.ToString(fl.ImageArn) != fmt.Sprintf("arn:aws:appstream:%s::image/%s", region, fleetImage) || aws.ToInt32(fl.ComputeCapacityStatus.Desired) != 2 {
		t.Errorf("defaults: %+v", fl)
	}
	if got := listTags(t, f, aws.ToString(fl.Arn)); fmt.Sprint(got) != "map[team:go]" {
		t.Errorf("tags %v", got)
	}
	// A STOPPED fleet is a terminal failure of fleet_started.
	w := appstream.NewFleetStartedWaiter(f.c, func(o *appstream.FleetStartedWaiterOptions) { o.MinDelay, o.MaxDelay = time.Millisecond, 10*time.Millisecond })
	if err := w.Wait(f.ctx, &appstream.DescribeFleetsInput{Names: []string{"life"}}, time.Minute); err == nil || !strings.Contains(err.Error(), "transitioned to Failure") {
		t.Errorf("fleet_started on a STOPPED fleet: %v", err)
	}
	if _, err := f.c.StartFleet(f.ctx, &appstream.StartFleetInput{Name: aws.String("life")}); err != nil {
		t.Fatal(err)
	}
	if s := f.describeFleet("life").State; s != types.FleetStateStarting {
		t.Errorf("after StartFleet: %s", s)
	}
	f.startFleetAndWait("life") // starting a starting fleet changes nothing
	if st := f.describeFleet("life").ComputeCapacityStatus; aws.ToInt32(st.Running) != 2 || aws.ToInt32(st.Available) != 2 {
		t.Errorf("RUNNING capacity %+v", st)
	}
	up, err := f.c.UpdateFleet(f.ctx, &appstream.UpdateFleetInput{Name: aws.String("life"), DisplayName: aws.String("Life"), IdleDisconnectTimeoutInSeconds: aws.Int32(90)})
	if err != nil || aws.ToString(up.Fleet.DisplayName) != "Life" || aws.ToInt32(up.Fleet.IdleDisconnectTimeoutInSeconds) != 120 {
		t.Fatalf("UpdateFleet while RUNNING: %v %+v", err, up)
	}
	_, err = f.c.UpdateFleet(f.ctx, &appstream.UpdateFleetInput{Name: aws.String("life"), InstanceType: aws.String("stream.standard.large")})
	expectError[*types.ResourceInUseException](t, err, "Cannot update the attribute for fleet life when it is ACTIVE. The fleet must be stopped to complete this action.")
	_, err = f.c.DeleteFleet(f.ctx, &appstream.DeleteFleetInput{Name: aws.String("life")})
	expectError[*types.ResourceInUseException](t, err, "Cannot delete fleet life when it is ACTIVE. The fleet must be stopped to complete this action.")
	if _, err := f.c.StopFleet(f.ctx, &appstream.StopFleetInput{Name: aws.String("life")}); err != nil {
		t.Fatal(err)
	}
	_, err = f.c.StartFleet(f.ctx, &appstream.StartFleetInput{Name: aws.String("life")})
	expectError[*types.ConcurrentModificationException](t, err, "The fleet life is PENDING_DEACTIVATE. Wait until it is stopped, then try again.")
	ws := appstream.NewFleetStoppedWaiter(clockedFleets{f.c, t}, func(o *appstream.FleetStoppedWaiterOptions) { o.MinDelay, o.MaxDelay = time.Millisecond, 10*time.Millisecond })
	if err := ws.Wait(f.ctx, &appstream.DescribeFleetsInput{Names: []string{"life"}}, time.Minute); err != nil {
		t.Fatalf("fleet_stopped: %v", err)
	}
	if _, err := f.c.StopFleet(f.ctx, &appstream.StopFleetInput{Name: aws.String("life")}); err != nil {
		t.Errorf("StopFleet on a STOPPED fleet: %v", err)
	}
	if _, err := f.c.DeleteFleet(f.ctx, &appstream.DeleteFleetInput{Name: aws.String("life")}); err != nil {
		t.Fatal(err)
	}
	_, err = f.c.DescribeFleets(f.ctx, &appstream.DescribeFleetsInput{Names: []string{"life"}})
	expectError[*types.ResourceNotFoundException](t, err, "The fleet life does not exist.")
}

func TestFleetInputRules(t *testing.T) {
	f := newFixture(t)
	_, err := f.c.CreateFleet(f.ctx, &appstream.CreateFleetInput{Name: aws.String("x"), InstanceType: aws.String("stream.standard.small"), ComputeCapacity: &types.ComputeCapacity{DesiredInstances: aws.Int32(1)}})
	expectError[*types.InvalidParameterCombinationException](t, err, "Exactly one of ImageName or ImageArn must be specified.")
	_, err = f.c.CreateFleet(f.ctx, &appstream.CreateFleetInput{
		Name: aws.String("x"), ImageName: aws.String(fleetImage), InstanceType: aws.String("stream.standard.small"),
		ComputeCapacity: &types.ComputeCapacity{DesiredInstances: aws.Int32(1)}, MaxUserDurationInSeconds: aws.Int32(100),
	})
	expectError[*types.InvalidParameterCombinationException](t, err, "The value 100 of MaxUserDurationInSeconds is not valid. It must be between 600 and 432000.")
	_, err = f.c.CreateFleet(f.ctx, &appstream.CreateFleetInput{Name: aws.String("x"), ImageName: aws.String("nope"), InstanceType: aws.String("stream.standard.small"), ComputeCapacity: &types.ComputeCapacity{DesiredInstances: aws.Int32(1)}})
	expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The image nope for account %s does not exist.", f.account))
	el, err := f.c.CreateFleet(f.ctx, &appstream.CreateFleetInput{
		Name: aws.String("elastic"), FleetType: types.FleetTypeElastic, InstanceType: aws.String("stream.standard.small"),
		MaxConcurrentSessions: aws.Int32(3), Platform: types.PlatformTypeAmazonLinux2, VpcConfig: &types.VpcConfig{SubnetIds: []string{"subnet-a", "subnet-b"}},
	})
	if err != nil || el.Fleet.ImageName != nil || aws.ToInt32(el.Fleet.ComputeCapacityStatus.Desired) != 0 {
		t.Fatalf("Elastic CreateFleet: %v %+v", err, el)
	}
	f.createFleet("dup", nil)
	_, err = f.c.CreateFleet(f.ctx, &appstream.CreateFleetInput{Name: aws.String("dup"), ImageName: aws.String(fleetImage), InstanceType: aws.String("stream.standard.small"), ComputeCapacity: &types.ComputeCapacity{DesiredInstances: aws.Int32(1)}})
	expectError[*types.ResourceAlreadyExistsException](t, err, "Fleet dup already exists.")
}

// A fleet made from an image seeded with no platform carries the seeded default (a decision:
// AWS's images always have one, and Terraform reads the fleet's).
func TestFleetFromSeededImagePlatform(t *testing.T) {
	f := newFixture(t)
	f.seed(obj{"images": []obj{{"Name": "plain-seeded"}}})
	fl := f.createFleet("from-seeded", func(in *appstream.CreateFleetInput) { in.ImageName = aws.String("plain-seeded") })
	if fl.Platform != types.PlatformTypeWindowsServer2022 || f.describeFleet("from-seeded").Platform != types.PlatformTypeWindowsServer2022 {
		t.Errorf("the fleet's platform: %q", fl.Platform)
	}
}

func TestDescribeFleetsPaging(t *testing.T) {
	f := newFixture(t)
	fleets := []obj{}
	for i := 0; i < 27; i++ {
		fleets = append(fleets, obj{"Name": fmt.Sprintf("p-%02d", i)})
	}
	f.seed(obj{"fleets": fleets})
	// The Go SDK has no DescribeFleets paginator: NextToken by hand, absent (never "") at the end.
	var names []string
	var token *string
	pages := 0
	for {
		out, err := f.c.DescribeFleets(f.ctx, &appstream.DescribeFleetsInput{NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, fl := range out.Fleets {
			names = append(names, aws.ToString(fl.Name))
		}
		if out.NextToken == nil {
			break
		}
		if *out.NextToken == "" {
			t.Fatal(`NextToken ""`)
		}
		token = out.NextToken
	}
	if pages != 2 || len(names) != 27 || names[0] != "p-00" || names[26] != "p-26" {
		t.Errorf("%d pages: %v", pages, names)
	}
	_, err := f.c.DescribeFleets(f.ctx, &appstream.DescribeFleetsInput{Names: []string{"p-01", "ghost"}})
	expectError[*types.ResourceNotFoundException](t, err, "The fleet ghost does not exist.")
}

// openStreamingURL opens a streaming URL as a browser would and answers the session it started.
func openStreamingURL(t testing.TB, streamingURL string) map[string]any {
	t.Helper()
	resp, err := sharedTransport.Do(mustRequest(t, streamingURL))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
		t.Fatalf("opening %s: %d %v %v", streamingURL, resp.StatusCode, err, out)
	}
	return out["Session"].(map[string]any)
}

func mustRequest(t testing.TB, u string) *http.Request {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestStreamingURLAndSessions(t *testing.T) {
	f := newFixture(t)
	f.createFleet("stream", nil)
	f.startFleetAndWait("stream")
	f.createStack(&appstream.CreateStackInput{Name: aws.String("desk")})
	_, err := f.c.CreateStreamingURL(f.ctx, &appstream.CreateStreamingURLInput{StackName: aws.String("desk"), FleetName: aws.String("stream"), UserId: aws.String("alice")})
	expectError[*types.InvalidParameterCombinationException](t, err, "The fleet stream is not associated with the stack desk.")
	if _, err := f.c.AssociateFleet(f.ctx, &appstream.AssociateFleetInput{StackName: aws.String("desk"), FleetName: aws.String("stream")}); err != nil {
		t.Fatal(err)
	}
	out, err := f.c.CreateStreamingURL(f.ctx, &appstream.CreateStreamingURLInput{
		StackName: aws.String("desk"), FleetName: aws.String("stream"), UserId: aws.String("alice"), Validity: aws.Int64(600), SessionContext: aws.String("ctx"),
	})
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(aws.ToString(out.StreamingURL))
	if err != nil || u.Path != "/_appstream/authenticate" || out.Expires == nil {
		t.Fatalf("StreamingURL %s: %v", aws.ToString(out.StreamingURL), err)
	}
	raw, _ := base64.StdEncoding.DecodeString(u.Query().Get("parameters"))
	var payload map[string]string
	if err := json.Unmarshal(raw, &payload); err != nil || payload["type"] != "END_USER" || payload["catalogSource"] != "stack/desk" || payload["fleetRef"] != "fleet/stream" ||
		payload["userId"] != "alice" || payload["awsAccountId"] != f.account || payload["userContext"] != "ctx" || payload["maxUserDurationInSecs"] != "57600" {
		t.Errorf("payload %s: %v", raw, err)
	}
	session := openStreamingURL(t, aws.ToString(out.StreamingURL))
	f.step()
	listed, err := f.c.DescribeSessions(f.ctx, &appstream.DescribeSessionsInput{StackName: aws.String("desk"), FleetName: aws.String("stream")})
	if err != nil || len(listed.Sessions) != 1 || aws.ToString(listed.Sessions[0].Id) != session["Id"] || listed.Sessions[0].State != types.SessionStateActive ||
		listed.Sessions[0].ConnectionState != types.SessionConnectionStateConnected || listed.Sessions[0].AuthenticationType != types.AuthenticationTypeApi || listed.NextToken != nil {
		t.Fatalf("DescribeSessions: %v %+v", err, listed)
	}
	_, err = f.c.DescribeSessions(f.ctx, &appstream.DescribeSessionsInput{StackName: aws.String("desk"), FleetName: aws.String("stream"), UserId: aws.String("alice")})
	expectError[*types.InvalidParameterCombinationException](t, err, "The UserId filter requires AuthenticationType.")
	_, err = f.c.DisassociateFleet(f.ctx, &appstream.DisassociateFleetInput{StackName: aws.String("desk"), FleetName: aws.String("stream")})
	expectError[*types.ResourceInUseException](t, err, "The fleet stream has 1 active session on the stack desk. Expire them or wait until they end, then try again.")
	if _, err := f.c.ExpireSession(f.ctx, &appstream.ExpireSessionInput{SessionId: aws.String(session["Id"].(string))}); err != nil {
		t.Fatal(err)
	}
	listed, _ = f.c.DescribeSessions(f.ctx, &appstream.DescribeSessionsInput{StackName: aws.String("desk"), FleetName: aws.String("stream")})
	if len(listed.Sessions) != 1 || listed.Sessions[0].State != types.SessionStateExpired {
		t.Errorf("after ExpireSession: %+v", listed.Sessions)
	}
	if _, err := f.c.ExpireSession(f.ctx, &appstream.ExpireSessionInput{SessionId: aws.String("no-such-session")}); err != nil {
		t.Errorf("ExpireSession of an unknown id: %v", err)
	}
	_, err = f.c.DrainSessionInstance(f.ctx, &appstream.DrainSessionInstanceInput{SessionId: aws.String("no-such-session")})
	expectError[*types.ResourceNotFoundException](t, err, "The session no-such-session does not exist.")
}

func TestDrainSessionInstance(t *testing.T) {
	f := newFixture(t)
	f.createFleet("multi", func(in *appstream.CreateFleetInput) {
		in.MaxSessionsPerInstance = aws.Int32(2)
		in.ComputeCapacity = &types.ComputeCapacity{DesiredSessions: aws.Int32(4)}
	})
	f.startFleetAndWait("multi")
	f.createStack(&appstream.CreateStackInput{Name: aws.String("shared-desk")})
	if _, err := f.c.AssociateFleet(f.ctx, &appstream.AssociateFleetInput{StackName: aws.String("shared-desk"), FleetName: aws.String("multi")}); err != nil {
		t.Fatal(err)
	}
	var first map[string]any
	for _, user := range []string{"ua", "ub"} {
		out, err := f.c.CreateStreamingURL(f.ctx, &appstream.CreateStreamingURLInput{StackName: aws.String("shared-desk"), FleetName: aws.String("multi"), UserId: aws.String(user)})
		if err != nil {
			t.Fatal(err)
		}
		s := openStreamingURL(t, aws.ToString(out.StreamingURL))
		if first == nil {
			first = s
		}
	}
	if _, err := f.c.DrainSessionInstance(f.ctx, &appstream.DrainSessionInstanceInput{SessionId: aws.String(first["Id"].(string))}); err != nil {
		t.Fatal(err)
	}
	listed, err := f.c.DescribeSessions(f.ctx, &appstream.DescribeSessionsInput{StackName: aws.String("shared-desk"), FleetName: aws.String("multi")})
	if err != nil || len(listed.Sessions) != 2 {
		t.Fatalf("DescribeSessions: %v %+v", err, listed)
	}
	for _, s := range listed.Sessions {
		if s.InstanceDrainStatus != types.InstanceDrainStatusDraining {
			t.Errorf("session %s: %s", aws.ToString(s.UserId), s.InstanceDrainStatus)
		}
	}
	if st := f.describeFleet("multi").ComputeCapacityStatus; aws.ToInt32(st.Draining) != 1 || aws.ToInt32(st.DrainModeActiveUserSessions) != 2 {
		t.Errorf("capacity while draining: %+v", st)
	}
}
