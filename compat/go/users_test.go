// The user pool, user-stack associations, entitlements, directory configs and usage reports
// through the Go SDK (the client Terraform's provider and CloudQuery are built on), in both
// protocols: every operation of the five families, AWS's texts, the lower-case `errors` of the
// batch operations, NextToken loops (the Go SDK has no paginator for these), a user pool
// user's sessions on its stack's running fleet (DescribeSessions, AuthenticationType USERPOOL),
// and what sessions make of usage reports (LastGeneratedReportDate, app license usage records).
package compat

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/appstream"
	"github.com/aws/aws-sdk-go-v2/service/appstream/types"
)

var userArnRE = regexp.MustCompile(`^arn:aws:appstream:us-east-1:\d{12}:user/userpool/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func createUser(t *testing.T, f *fixture, name string) {
	t.Helper()
	if _, err := f.c.CreateUser(f.ctx, &appstream.CreateUserInput{UserName: aws.String(name), AuthenticationType: types.AuthenticationTypeUserpool, MessageAction: types.MessageActionSuppress}); err != nil {
		t.Fatalf("CreateUser %s: %v", name, err)
	}
}

// allUsers walks DescribeUsers by NextToken (no Go paginator), checking the last page has none.
func allUsers(t *testing.T, f *fixture, pageSize int32) []types.User {
	t.Helper()
	var out []types.User
	var token *string
	for {
		page, err := f.c.DescribeUsers(f.ctx, &appstream.DescribeUsersInput{AuthenticationType: types.AuthenticationTypeUserpool, MaxResults: aws.Int32(pageSize), NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Users...)
		if page.NextToken == nil {
			return out
		}
		if *page.NextToken == "" {
			t.Fatal(`NextToken is "" on a page`)
		}
		token = page.NextToken
	}
}

func TestUsers(t *testing.T) {
	f := newFixture(t)
	for _, n := range []string{"b@x.com", "A@x.com", "a@x.com"} {
		createUser(t, f, n)
	}
	_, err := f.c.CreateUser(f.ctx, &appstream.CreateUserInput{UserName: aws.String("a@x.com"), AuthenticationType: types.AuthenticationTypeUserpool})
	expectError[*types.ResourceAlreadyExistsException](t, err, "User a@x.com already exists.")
	_, err = f.c.CreateUser(f.ctx, &appstream.CreateUserInput{UserName: aws.String("c@x.com"), AuthenticationType: types.AuthenticationTypeSaml})
	expectAPIError(t, err, "InvalidParameterValueException", "Cannot create a user with 'SAML' authentication type")

	users := allUsers(t, f, 1)
	var names []string
	for _, u := range users {
		names = append(names, aws.ToString(u.UserName))
		if !userArnRE.MatchString(aws.ToString(u.Arn)) || !aws.ToBool(u.Enabled) || aws.ToString(u.Status) != "FORCE_CHANGE_PASSWORD" || u.AuthenticationType != types.AuthenticationTypeUserpool || u.CreatedTime == nil {
			t.Errorf("user as the Go SDK reads it: %+v", u)
		}
	}
	if strings.Join(names, ",") != "A@x.com,a@x.com,b@x.com" {
		t.Errorf("users in byte order: %v", names)
	}

	if _, err := f.c.DisableUser(f.ctx, &appstream.DisableUserInput{UserName: aws.String("a@x.com"), AuthenticationType: types.AuthenticationTypeUserpool}); err != nil {
		t.Fatal(err)
	}
	for _, u := range allUsers(t, f, 25) {
		if aws.ToString(u.UserName) == "a@x.com" && aws.ToBool(u.Enabled) {
			t.Error("a@x.com is still enabled")
		}
		if aws.ToString(u.UserName) == "A@x.com" && !aws.ToBool(u.Enabled) {
			t.Error("A@x.com was disabled with a@x.com")
		}
	}
	if _, err := f.c.EnableUser(f.ctx, &appstream.EnableUserInput{UserName: aws.String("a@x.com"), AuthenticationType: types.AuthenticationTypeUserpool}); err != nil {
		t.Fatal(err)
	}
	_, err = f.c.EnableUser(f.ctx, &appstream.EnableUserInput{UserName: aws.String("nobody@x.com"), AuthenticationType: types.AuthenticationTypeUserpool})
	expectError[*types.ResourceNotFoundException](t, err, "The user nobody@x.com does not exist.")
	if _, err := f.c.DeleteUser(f.ctx, &appstream.DeleteUserInput{UserName: aws.String("b@x.com"), AuthenticationType: types.AuthenticationTypeUserpool}); err != nil {
		t.Fatal(err)
	}
	_, err = f.c.DeleteUser(f.ctx, &appstream.DeleteUserInput{UserName: aws.String("b@x.com"), AuthenticationType: types.AuthenticationTypeUserpool})
	expectError[*types.ResourceNotFoundException](t, err, "The user b@x.com does not exist.")
	_, err = f.c.DescribeUsers(f.ctx, &appstream.DescribeUsersInput{AuthenticationType: types.AuthenticationTypeApi})
	expectError[*types.InvalidParameterCombinationException](t, err, "The authentication type API is not supported. You must specify USERPOOL.")
	if got := len(allUsers(t, f, 25)); got != 2 {
		t.Errorf("%d users after the delete", got)
	}
}

func TestUserStackAssociations(t *testing.T) {
	f := newFixture(t)
	createUser(t, f, "u@x.com")
	f.stackWithCatalogue("assoc-stack")
	item := func(stack, user string) types.UserStackAssociation {
		return types.UserStackAssociation{StackName: aws.String(stack), UserName: aws.String(user), AuthenticationType: types.AuthenticationTypeUserpool}
	}
	out, err := f.c.BatchAssociateUserStack(f.ctx, &appstream.BatchAssociateUserStackInput{UserStackAssociations: []types.UserStackAssociation{
		item("assoc-stack", "u@x.com"), item("missing", "u@x.com"), item("assoc-stack", "ghost@x.com"),
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Errors) != 2 || out.Errors[0].ErrorCode != types.UserStackAssociationErrorCodeStackNotFound || out.Errors[1].ErrorCode != types.UserStackAssociationErrorCodeUserNameNotFound ||
		aws.ToString(out.Errors[0].ErrorMessage) != "The stack missing does not exist." || aws.ToString(out.Errors[1].UserStackAssociation.UserName) != "ghost@x.com" {
		t.Errorf("the per-item errors: %+v", out.Errors)
	}
	read, err := f.c.DescribeUserStackAssociations(f.ctx, &appstream.DescribeUserStackAssociationsInput{
		StackName: aws.String("assoc-stack"), UserName: aws.String("u@x.com"), AuthenticationType: types.AuthenticationTypeUserpool,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(read.UserStackAssociations) != 1 || read.NextToken != nil {
		t.Errorf("the association as Terraform reads it: %+v", read)
	}
	_, err = f.c.DescribeUserStackAssociations(f.ctx, &appstream.DescribeUserStackAssociationsInput{UserName: aws.String("u@x.com")})
	expectError[*types.InvalidParameterCombinationException](t, err, "You must specify a stack name, a user name and authentication type, or both.")
	_, err = f.c.DescribeUserStackAssociations(f.ctx, &appstream.DescribeUserStackAssociationsInput{StackName: aws.String("assoc-stack"), AuthenticationType: types.AuthenticationTypeSaml})
	expectError[*types.InvalidParameterCombinationException](t, err, "The authentication type SAML is not supported. You must specify USERPOOL.")
	dis, err := f.c.BatchDisassociateUserStack(f.ctx, &appstream.BatchDisassociateUserStackInput{UserStackAssociations: []types.UserStackAssociation{item("assoc-stack", "u@x.com")}})
	if err != nil || len(dis.Errors) != 0 {
		t.Fatalf("BatchDisassociateUserStack: %v %+v", err, dis)
	}
	read, err = f.c.DescribeUserStackAssociations(f.ctx, &appstream.DescribeUserStackAssociationsInput{StackName: aws.String("assoc-stack")})
	if err != nil || len(read.UserStackAssociations) != 0 {
		t.Errorf("after the disassociation: %v %+v", err, read)
	}
}

// A user pool user assigned to a stack whose fleet runs signs in (the control API, SPEC-rest
// §4.3): DescribeSessions lists the session only with AuthenticationType USERPOOL. A user not
// assigned to the stack, or disabled, is refused.
func TestUserPoolSessions(t *testing.T) {
	f := newFixture(t)
	for _, n := range []string{"pool@x.com", "elsewhere@x.com"} {
		createUser(t, f, n)
	}
	f.createFleet("pool-fleet", nil)
	f.startFleetAndWait("pool-fleet")
	f.createStack(&appstream.CreateStackInput{Name: aws.String("pool-desk")})
	if _, err := f.c.AssociateFleet(f.ctx, &appstream.AssociateFleetInput{StackName: aws.String("pool-desk"), FleetName: aws.String("pool-fleet")}); err != nil {
		t.Fatal(err)
	}
	out, err := f.c.BatchAssociateUserStack(f.ctx, &appstream.BatchAssociateUserStackInput{UserStackAssociations: []types.UserStackAssociation{
		{StackName: aws.String("pool-desk"), UserName: aws.String("pool@x.com"), AuthenticationType: types.AuthenticationTypeUserpool},
	}})
	if err != nil || len(out.Errors) != 0 {
		t.Fatalf("BatchAssociateUserStack: %v %+v", err, out)
	}
	signIn := func(user string) (int, map[string]any) {
		return control(t, "POST", "/sessions", obj{"AccountId": f.account, "Region": region, "StackName": "pool-desk", "FleetName": "pool-fleet", "UserId": user, "AuthenticationType": "USERPOOL"})
	}
	status, opened := signIn("pool@x.com")
	if status != 200 {
		t.Fatalf("sign-in: %d %v", status, opened)
	}
	f.step()
	listed, err := f.c.DescribeSessions(f.ctx, &appstream.DescribeSessionsInput{StackName: aws.String("pool-desk"), FleetName: aws.String("pool-fleet"), AuthenticationType: types.AuthenticationTypeUserpool})
	if err != nil || len(listed.Sessions) != 1 || listed.NextToken != nil {
		t.Fatalf("DescribeSessions USERPOOL: %v %+v", err, listed)
	}
	s := listed.Sessions[0]
	if aws.ToString(s.Id) != opened["Session"].(map[string]any)["Id"] || aws.ToString(s.UserId) != "pool@x.com" || s.AuthenticationType != types.AuthenticationTypeUserpool ||
		s.State != types.SessionStateActive || s.ConnectionState != types.SessionConnectionStateConnected {
		t.Errorf("the session as the Go SDK reads it: %+v", s)
	}
	byUser, err := f.c.DescribeSessions(f.ctx, &appstream.DescribeSessionsInput{StackName: aws.String("pool-desk"), FleetName: aws.String("pool-fleet"), UserId: aws.String("pool@x.com"), AuthenticationType: types.AuthenticationTypeUserpool})
	if err != nil || len(byUser.Sessions) != 1 {
		t.Errorf("DescribeSessions by user: %v %+v", err, byUser)
	}
	// AuthenticationType defaults to API: the user pool's sessions are not in that list.
	api, err := f.c.DescribeSessions(f.ctx, &appstream.DescribeSessionsInput{StackName: aws.String("pool-desk"), FleetName: aws.String("pool-fleet")})
	if err != nil || len(api.Sessions) != 0 {
		t.Errorf("DescribeSessions (API): %v %+v", err, api)
	}

	if status, body := signIn("elsewhere@x.com"); status != 403 || body["__type"] != "AccessDeniedException" || body["message"] != "The user elsewhere@x.com is not assigned to the stack pool-desk." {
		t.Errorf("a user not assigned to the stack: %d %v", status, body)
	}
	if _, err := f.c.DisableUser(f.ctx, &appstream.DisableUserInput{UserName: aws.String("pool@x.com"), AuthenticationType: types.AuthenticationTypeUserpool}); err != nil {
		t.Fatal(err)
	}
	if status, body := signIn("pool@x.com"); status != 403 || body["__type"] != "NotAuthorizedException" || body["message"] != "The user pool@x.com is disabled." {
		t.Errorf("a disabled user: %d %v", status, body)
	}
}

func TestEntitlements(t *testing.T) {
	f := newFixture(t)
	f.stackWithCatalogue("ent-stack", "excel", "word")
	created, err := f.c.CreateEntitlement(f.ctx, &appstream.CreateEntitlementInput{
		Name: aws.String("finance"), StackName: aws.String("ent-stack"), AppVisibility: types.AppVisibilityAssociated,
		Attributes: []types.EntitlementAttribute{{Name: aws.String("department"), Value: aws.String("finance")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(created.Entitlement.StackName) != "ent-stack" || created.Entitlement.CreatedTime == nil || created.Entitlement.LastModifiedTime == nil {
		t.Errorf("the entitlement: %+v", created.Entitlement)
	}
	_, err = f.c.CreateEntitlement(f.ctx, &appstream.CreateEntitlementInput{
		Name: aws.String("finance"), StackName: aws.String("ent-stack"), AppVisibility: types.AppVisibilityAll,
		Attributes: []types.EntitlementAttribute{{Name: aws.String("roles"), Value: aws.String("x")}},
	})
	expectError[*types.EntitlementAlreadyExistsException](t, err, "Entitlement finance already exists.")
	for _, app := range []string{"word", "excel"} {
		if _, err := f.c.AssociateApplicationToEntitlement(f.ctx, &appstream.AssociateApplicationToEntitlementInput{StackName: aws.String("ent-stack"), EntitlementName: aws.String("finance"), ApplicationIdentifier: aws.String(app)}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = f.c.AssociateApplicationToEntitlement(f.ctx, &appstream.AssociateApplicationToEntitlementInput{StackName: aws.String("ent-stack"), EntitlementName: aws.String("finance"), ApplicationIdentifier: aws.String("paint")})
	expectError[*types.ResourceNotFoundException](t, err, "The application paint was not found in stack ent-stack.")
	var apps []string
	var token *string
	for {
		page, err := f.c.ListEntitledApplications(f.ctx, &appstream.ListEntitledApplicationsInput{StackName: aws.String("ent-stack"), EntitlementName: aws.String("finance"), MaxResults: aws.Int32(1), NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page.EntitledApplications {
			apps = append(apps, aws.ToString(a.ApplicationIdentifier))
		}
		if page.NextToken == nil {
			break
		}
		token = page.NextToken
	}
	if strings.Join(apps, ",") != "excel,word" {
		t.Errorf("entitled applications: %v", apps)
	}
	if _, err := f.c.DisassociateApplicationFromEntitlement(f.ctx, &appstream.DisassociateApplicationFromEntitlementInput{StackName: aws.String("ent-stack"), EntitlementName: aws.String("finance"), ApplicationIdentifier: aws.String("word")}); err != nil {
		t.Fatal(err)
	}
	updated, err := f.c.UpdateEntitlement(f.ctx, &appstream.UpdateEntitlementInput{Name: aws.String("finance"), StackName: aws.String("ent-stack"), AppVisibility: types.AppVisibilityAll, Description: aws.String("all apps")})
	if err != nil || updated.Entitlement.AppVisibility != types.AppVisibilityAll || aws.ToString(updated.Entitlement.Description) != "all apps" {
		t.Fatalf("UpdateEntitlement: %v %+v", err, updated)
	}
	described, err := f.c.DescribeEntitlements(f.ctx, &appstream.DescribeEntitlementsInput{StackName: aws.String("ent-stack")})
	if err != nil || len(described.Entitlements) != 1 || aws.ToString(described.Entitlements[0].Name) != "finance" {
		t.Fatalf("DescribeEntitlements: %v %+v", err, described)
	}
	if _, err := f.c.DeleteEntitlement(f.ctx, &appstream.DeleteEntitlementInput{Name: aws.String("finance"), StackName: aws.String("ent-stack")}); err != nil {
		t.Fatal(err)
	}
	_, err = f.c.DescribeEntitlements(f.ctx, &appstream.DescribeEntitlementsInput{StackName: aws.String("ent-stack"), Name: aws.String("finance")})
	expectError[*types.EntitlementNotFoundException](t, err, "The entitlement finance does not exist in stack ent-stack.")
	_, err = f.c.DescribeEntitlements(f.ctx, &appstream.DescribeEntitlementsInput{StackName: aws.String("no-stack")})
	expectError[*types.ResourceNotFoundException](t, err, "The stack no-stack does not exist.")
}

func TestDirectoryConfigs(t *testing.T) {
	f := newFixture(t)
	created, err := f.c.CreateDirectoryConfig(f.ctx, &appstream.CreateDirectoryConfigInput{
		DirectoryName: aws.String("corp.example.com"), OrganizationalUnitDistinguishedNames: []string{"OU=a,DC=corp"},
		ServiceAccountCredentials: &types.ServiceAccountCredentials{AccountName: aws.String("svc"), AccountPassword: aws.String("Secret-1")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if c := created.DirectoryConfig.ServiceAccountCredentials; c == nil || aws.ToString(c.AccountName) != "svc" || c.AccountPassword != nil {
		t.Errorf("the service account as the Go SDK reads it (never the password): %+v", c)
	}
	if strings.Contains(fmt.Sprint(f.log.lastBody(t)), "Secret-1") {
		t.Error("the password is on the wire")
	}
	// A builder naming an unknown config is refused; one naming this config keeps it from deletion.
	_, err = f.c.CreateImageBuilder(f.ctx, &appstream.CreateImageBuilderInput{
		Name: aws.String("joined"), ImageName: aws.String(baseImage), InstanceType: aws.String("stream.standard.medium"),
		DomainJoinInfo: &types.DomainJoinInfo{DirectoryName: aws.String("other.example.com")},
	})
	expectError[*types.ResourceNotFoundException](t, err, "The directory config other.example.com does not exist.")
	if _, err := f.c.CreateImageBuilder(f.ctx, &appstream.CreateImageBuilderInput{
		Name: aws.String("joined"), ImageName: aws.String(baseImage), InstanceType: aws.String("stream.standard.medium"),
		DomainJoinInfo: &types.DomainJoinInfo{DirectoryName: aws.String("corp.example.com"), OrganizationalUnitDistinguishedName: aws.String("OU=a,DC=corp")},
	}); err != nil {
		t.Fatal(err)
	}
	_, err = f.c.DeleteDirectoryConfig(f.ctx, &appstream.DeleteDirectoryConfigInput{DirectoryName: aws.String("corp.example.com")})
	expectError[*types.ResourceInUseException](t, err, "The directory config corp.example.com is in use by image builder joined. Update or delete the image builder before you delete the directory config.")

	updated, err := f.c.UpdateDirectoryConfig(f.ctx, &appstream.UpdateDirectoryConfigInput{DirectoryName: aws.String("corp.example.com"), OrganizationalUnitDistinguishedNames: []string{"OU=a,DC=corp", "OU=b,DC=corp"}})
	if err != nil || len(updated.DirectoryConfig.OrganizationalUnitDistinguishedNames) != 2 {
		t.Fatalf("UpdateDirectoryConfig: %v %+v", err, updated)
	}
	described, err := f.c.DescribeDirectoryConfigs(f.ctx, &appstream.DescribeDirectoryConfigsInput{DirectoryNames: []string{"corp.example.com"}})
	if err != nil || len(described.DirectoryConfigs) != 1 {
		t.Fatalf("DescribeDirectoryConfigs: %v %+v", err, described)
	}
	_, err = f.c.DescribeDirectoryConfigs(f.ctx, &appstream.DescribeDirectoryConfigsInput{DirectoryNames: []string{"nope.example.com"}})
	expectError[*types.ResourceNotFoundException](t, err, "The directory config nope.example.com does not exist.")

	// Once RUNNING the builder is deleted (DELETING, then gone); then the config can go.
	f.settle()
	if _, err := f.c.DeleteImageBuilder(f.ctx, &appstream.DeleteImageBuilderInput{Name: aws.String("joined")}); err != nil {
		t.Fatal(err)
	}
	f.settle()
	if _, err := f.c.DeleteDirectoryConfig(f.ctx, &appstream.DeleteDirectoryConfigInput{DirectoryName: aws.String("corp.example.com")}); err != nil {
		t.Fatal(err)
	}
}

func TestUsageReports(t *testing.T) {
	f := newFixture(t)
	empty, err := f.c.DescribeUsageReportSubscriptions(f.ctx, &appstream.DescribeUsageReportSubscriptionsInput{})
	if err != nil || len(empty.UsageReportSubscriptions) != 0 || empty.NextToken != nil {
		t.Fatalf("no subscription: an empty list, not an error: %v %+v", err, empty)
	}
	_, err = f.c.DeleteUsageReportSubscription(f.ctx, &appstream.DeleteUsageReportSubscriptionInput{})
	expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The usage report subscription for account %s in us-east-1 does not exist.", f.account))
	created, err := f.c.CreateUsageReportSubscription(f.ctx, &appstream.CreateUsageReportSubscriptionInput{})
	if err != nil || created.Schedule != types.UsageReportScheduleDaily || !strings.HasPrefix(aws.ToString(created.S3BucketName), "appstream-logs-us-east-1-"+f.account+"-") {
		t.Fatalf("CreateUsageReportSubscription: %v %+v", err, created)
	}
	subs, err := f.c.DescribeUsageReportSubscriptions(f.ctx, &appstream.DescribeUsageReportSubscriptionsInput{})
	if err != nil || len(subs.UsageReportSubscriptions) != 1 || aws.ToString(subs.UsageReportSubscriptions[0].S3BucketName) != aws.ToString(created.S3BucketName) {
		t.Fatalf("DescribeUsageReportSubscriptions: %v %+v", err, subs)
	}
	if _, err := f.c.DeleteUsageReportSubscription(f.ctx, &appstream.DeleteUsageReportSubscriptionInput{}); err != nil {
		t.Fatal(err)
	}

	f.seed(obj{"appLicenseUsages": []obj{{"BillingPeriod": "2026-01", "UserId": "ada@example.com", "SubscriptionFirstUsedDate": "2026-01-05T10:00:00Z"}}})
	usage, err := f.c.DescribeAppLicenseUsage(f.ctx, &appstream.DescribeAppLicenseUsageInput{BillingPeriod: aws.String("2026-01")})
	if err != nil || len(usage.AppLicenseUsages) != 1 {
		t.Fatalf("DescribeAppLicenseUsage: %v %+v", err, usage)
	}
	if r := usage.AppLicenseUsages[0]; aws.ToString(r.UserId) != "ada@example.com" || aws.ToString(r.OwnerAWSAccountId) != f.account || aws.ToString(r.LicenseType) != "Microsoft Office" || !userArnRE.MatchString(aws.ToString(r.UserArn)) {
		t.Errorf("the record as the Go SDK reads it: %+v", r)
	}
	_, err = f.c.DescribeAppLicenseUsage(f.ctx, &appstream.DescribeAppLicenseUsageInput{BillingPeriod: aws.String("2026-1")})
	expectError[*types.InvalidParameterCombinationException](t, err, "The billing period 2026-1 is not valid. Specify it as yyyy-mm, for example 2025-08.")
}

// toNextMidnight moves the emulated clock to `after` past the next UTC midnight; answers that midnight.
func toNextMidnight(t *testing.T, after time.Duration) time.Time {
	t.Helper()
	now := clockNow(t)
	midnight := now.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	advance(t, int(midnight.Add(after).Sub(now)/time.Second)+1)
	return midnight
}

// runningFleetOnStack makes a RUNNING fleet on image and a stack associated with it.
func (f *fixture) runningFleetOnStack(fleet, stack, image string) {
	f.t.Helper()
	f.createFleet(fleet, func(in *appstream.CreateFleetInput) { in.ImageName = aws.String(image) })
	f.startFleetAndWait(fleet)
	f.createStack(&appstream.CreateStackInput{Name: aws.String(stack)})
	if _, err := f.c.AssociateFleet(f.ctx, &appstream.AssociateFleetInput{StackName: aws.String(stack), FleetName: aws.String(fleet)}); err != nil {
		f.t.Fatal(err)
	}
}

func TestUsageReportFromSessions(t *testing.T) {
	f := newFixture(t)
	if _, err := f.c.CreateUsageReportSubscription(f.ctx, &appstream.CreateUsageReportSubscriptionInput{}); err != nil {
		t.Fatal(err)
	}
	lastReport := func() *time.Time {
		t.Helper()
		out, err := f.c.DescribeUsageReportSubscriptions(f.ctx, &appstream.DescribeUsageReportSubscriptionsInput{})
		if err != nil || len(out.UsageReportSubscriptions) != 1 {
			t.Fatalf("DescribeUsageReportSubscriptions: %v %+v", err, out)
		}
		return out.UsageReportSubscriptions[0].LastGeneratedReportDate
	}
	toNextMidnight(t, time.Hour)
	f.runningFleetOnStack("report-fleet", "report-desk", fleetImage)
	opened := mustControl(t, "POST", "/sessions", obj{"AccountId": f.account, "Region": region, "StackName": "report-desk", "FleetName": "report-fleet", "UserId": "ann", "AuthenticationType": "SAML"})
	f.step()
	if d := lastReport(); d != nil {
		t.Fatalf("a report before the day ended: %v", d)
	}
	mustControl(t, "POST", "/sessions/expire", obj{"AccountId": f.account, "Region": region, "SessionId": opened["Session"].(map[string]any)["Id"]})
	midnight := toNextMidnight(t, time.Hour)
	if d := lastReport(); d == nil || !d.Equal(midnight) {
		t.Fatalf("LastGeneratedReportDate after a day with streaming: %v, want %v", d, midnight)
	}
	// A day without streaming generates no later report.
	toNextMidnight(t, time.Hour)
	if d := lastReport(); d == nil || !d.Equal(midnight) {
		t.Errorf("LastGeneratedReportDate after a day without streaming: %v, want %v", d, midnight)
	}
}

func TestAppLicenseUsageFromSessions(t *testing.T) {
	f := newFixture(t)
	f.seed(obj{"images": []obj{{"Name": "office", "BaseImageName": baseImage, "ManagedSoftwareIncluded": true}}})
	createUser(t, f, "lic@x.com")
	f.runningFleetOnStack("office-fleet", "office-desk", "office")
	out, err := f.c.BatchAssociateUserStack(f.ctx, &appstream.BatchAssociateUserStackInput{UserStackAssociations: []types.UserStackAssociation{
		{StackName: aws.String("office-desk"), UserName: aws.String("lic@x.com"), AuthenticationType: types.AuthenticationTypeUserpool},
	}})
	if err != nil || len(out.Errors) != 0 {
		t.Fatalf("BatchAssociateUserStack: %v %+v", err, out)
	}
	toNextMidnight(t, time.Hour) // no month ends during the sign-in
	before := clockNow(t)
	mustControl(t, "POST", "/sessions", obj{"AccountId": f.account, "Region": region, "StackName": "office-desk", "FleetName": "office-fleet", "UserId": "lic@x.com", "AuthenticationType": "USERPOOL"})
	after := clockNow(t)
	period := before.UTC().Format("2006-01")
	usage, err := f.c.DescribeAppLicenseUsage(f.ctx, &appstream.DescribeAppLicenseUsageInput{BillingPeriod: aws.String(period)})
	if err != nil || len(usage.AppLicenseUsages) != 1 || usage.NextToken != nil {
		t.Fatalf("DescribeAppLicenseUsage %s: %v %+v", period, err, usage)
	}
	users := allUsers(t, f, 10)
	r := usage.AppLicenseUsages[0]
	if aws.ToString(r.UserId) != "lic@x.com" || aws.ToString(r.UserArn) != aws.ToString(users[0].Arn) || aws.ToString(r.OwnerAWSAccountId) != f.account ||
		aws.ToString(r.BillingPeriod) != period || aws.ToString(r.LicenseType) != "Microsoft Office" {
		t.Errorf("the record as the Go SDK reads it: %+v", r)
	}
	for _, d := range []*time.Time{r.SubscriptionFirstUsedDate, r.SubscriptionLastUsedDate} {
		if d == nil || d.Before(before) || d.After(after) {
			t.Errorf("first/last use %v not within the sign-in [%v, %v]", d, before, after)
		}
	}
}
