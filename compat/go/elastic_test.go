// The Elastic families through the Go SDK: applications, application-fleet associations, app
// blocks, app block builders (with their app block associations and streaming URLs) and export
// image tasks. Every one of their 23 operations is called, with the SDK's paginators where it
// has them and its typed errors.
package compat

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/appstream"
	"github.com/aws/aws-sdk-go-v2/service/appstream/types"
)

func (f *fixture) elasticArn(kind, name string) string {
	return fmt.Sprintf("arn:aws:appstream:%s:%s:%s/%s", region, f.account, kind, name)
}

func s3(key string) *types.S3Location {
	return &types.S3Location{S3Bucket: aws.String("my-bucket"), S3Key: aws.String(key)}
}

func (f *fixture) customAppBlock(name string) *types.AppBlock {
	f.t.Helper()
	out, err := f.c.CreateAppBlock(f.ctx, &appstream.CreateAppBlockInput{
		Name:             aws.String(name),
		SourceS3Location: s3(name + ".vhdx"),
		SetupScriptDetails: &types.ScriptDetails{
			ScriptS3Location: s3("setup.ps1"), ExecutablePath: aws.String("powershell.exe"), TimeoutInSeconds: aws.Int32(300),
		},
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return out.AppBlock
}

func TestApplicationsAndAppBlocks(t *testing.T) {
	f := newFixture(t)
	block := f.customAppBlock("tools")
	if block.State != types.AppBlockStateActive || block.PackagingType != types.PackagingTypeCustom || aws.ToString(block.Arn) != f.elasticArn("app-block", "tools") {
		t.Fatalf("CreateAppBlock: %+v", block)
	}
	for i := 0; i < 3; i++ {
		out, err := f.c.CreateApplication(f.ctx, &appstream.CreateApplicationInput{
			Name: aws.String(fmt.Sprintf("app-%d", i)), AppBlockArn: block.Arn, IconS3Location: s3("icon.png"),
			LaunchPath: aws.String(`C:\app.exe`), Platforms: []types.PlatformType{types.PlatformTypeWindowsServer2019},
			InstanceFamilies: []string{"GENERAL_PURPOSE"}, Tags: map[string]string{"n": fmt.Sprint(i)},
		})
		if err != nil {
			t.Fatal(err)
		}
		if a := out.Application; !aws.ToBool(a.Enabled) || a.Metadata == nil || !strings.HasSuffix(aws.ToString(a.IconURL), "/app-"+fmt.Sprint(i)) {
			t.Errorf("CreateApplication: %+v", a)
		}
	}
	// DescribeApplications has no Go paginator: NextToken by hand, absent (never "") at the end.
	var names []string
	var token *string
	for {
		out, err := f.c.DescribeApplications(f.ctx, &appstream.DescribeApplicationsInput{MaxResults: aws.Int32(2), NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range out.Applications {
			names = append(names, aws.ToString(a.Name))
		}
		if out.NextToken == nil {
			break
		}
		if *out.NextToken == "" {
			t.Fatal(`NextToken ""`)
		}
		token = out.NextToken
	}
	if strings.Join(names, ",") != "app-0,app-1,app-2" {
		t.Errorf("DescribeApplications pages: %v", names)
	}
	_, err := f.c.DescribeApplications(f.ctx, &appstream.DescribeApplicationsInput{Arns: []string{f.elasticArn("application", "nope")}})
	expectError[*types.ResourceNotFoundException](t, err, "The application nope does not exist.")

	up, err := f.c.UpdateApplication(f.ctx, &appstream.UpdateApplicationInput{Name: aws.String("app-0"), DisplayName: aws.String("App zero")})
	if err != nil || aws.ToString(up.Application.DisplayName) != "App zero" {
		t.Fatalf("UpdateApplication: %v %+v", err, up)
	}
	_, err = f.c.CreateApplication(f.ctx, &appstream.CreateApplicationInput{
		Name: aws.String("win22"), AppBlockArn: block.Arn, IconS3Location: s3("i"), LaunchPath: aws.String("x"),
		Platforms: []types.PlatformType{types.PlatformTypeWindowsServer2022}, InstanceFamilies: []string{"GENERAL_PURPOSE"},
	})
	expectError[*types.OperationNotPermittedException](t, err, "The platform WINDOWS_SERVER_2022 is not supported for applications. Use WINDOWS_SERVER_2019, AMAZON_LINUX2, UBUNTU_PRO_2404.")

	blocks, err := f.c.DescribeAppBlocks(f.ctx, &appstream.DescribeAppBlocksInput{Arns: []string{aws.ToString(block.Arn)}})
	if err != nil || len(blocks.AppBlocks) != 1 {
		t.Fatalf("DescribeAppBlocks: %v %+v", err, blocks)
	}
	_, err = f.c.DeleteAppBlock(f.ctx, &appstream.DeleteAppBlockInput{Name: aws.String("tools")})
	expectError[*types.ResourceInUseException](t, err, "The app block tools is used by the application app-0. Delete the application or change its app block first.")
	for i := 0; i < 3; i++ {
		if _, err := f.c.DeleteApplication(f.ctx, &appstream.DeleteApplicationInput{Name: aws.String(fmt.Sprintf("app-%d", i))}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.c.DeleteAppBlock(f.ctx, &appstream.DeleteAppBlockInput{Name: aws.String("tools")}); err != nil {
		t.Fatal(err)
	}
	_, err = f.c.DeleteApplication(f.ctx, &appstream.DeleteApplicationInput{Name: aws.String("app-0")})
	expectError[*types.ResourceNotFoundException](t, err, "The application app-0 does not exist.")
}

// TestApplicationFleetAssociations associates an application with an Elastic fleet made by
// CreateFleet, as a user would.
func TestApplicationFleetAssociations(t *testing.T) {
	f := newFixture(t)
	if _, err := f.c.CreateFleet(f.ctx, &appstream.CreateFleetInput{
		Name: aws.String("elastic"), FleetType: types.FleetTypeElastic, InstanceType: aws.String("stream.standard.small"),
		MaxConcurrentSessions: aws.Int32(5), Platform: types.PlatformTypeWindowsServer2019,
		VpcConfig: &types.VpcConfig{SubnetIds: []string{"subnet-a", "subnet-b"}},
	}); err != nil {
		t.Fatal(err)
	}
	block := f.customAppBlock("tools")
	app, err := f.c.CreateApplication(f.ctx, &appstream.CreateApplicationInput{
		Name: aws.String("word"), AppBlockArn: block.Arn, IconS3Location: s3("i"), LaunchPath: aws.String("word.exe"),
		Platforms: []types.PlatformType{types.PlatformTypeWindowsServer2019}, InstanceFamilies: []string{"GENERAL_PURPOSE"},
	})
	if err != nil {
		t.Fatal(err)
	}
	arn := app.Application.Arn
	assoc, err := f.c.AssociateApplicationFleet(f.ctx, &appstream.AssociateApplicationFleetInput{FleetName: aws.String("elastic"), ApplicationArn: arn})
	if err != nil || aws.ToString(assoc.ApplicationFleetAssociation.FleetName) != "elastic" {
		t.Fatalf("AssociateApplicationFleet: %v %+v", err, assoc)
	}
	listed, err := f.c.DescribeApplicationFleetAssociations(f.ctx, &appstream.DescribeApplicationFleetAssociationsInput{ApplicationArn: arn})
	if err != nil || len(listed.ApplicationFleetAssociations) != 1 || listed.NextToken != nil {
		t.Fatalf("DescribeApplicationFleetAssociations: %v %+v", err, listed)
	}
	_, err = f.c.DeleteApplication(f.ctx, &appstream.DeleteApplicationInput{Name: aws.String("word")})
	expectError[*types.ResourceInUseException](t, err, "The application word is associated with the fleet elastic. To delete the application, you must disassociate it from the fleet.")
	if _, err := f.c.DisassociateApplicationFleet(f.ctx, &appstream.DisassociateApplicationFleetInput{FleetName: aws.String("elastic"), ApplicationArn: arn}); err != nil {
		t.Fatal(err)
	}
}

func TestApplicationFleetAssociationErrors(t *testing.T) {
	f := newFixture(t)
	_, err := f.c.DescribeApplicationFleetAssociations(f.ctx, &appstream.DescribeApplicationFleetAssociationsInput{})
	expectError[*types.InvalidParameterCombinationException](t, err, "Either ApplicationArn or FleetName must be specified.")
	// A fleet without applications (or no such fleet): an empty list, never an error (CloudQuery).
	empty, err := f.c.DescribeApplicationFleetAssociations(f.ctx, &appstream.DescribeApplicationFleetAssociationsInput{FleetName: aws.String("nofleet")})
	if err != nil || len(empty.ApplicationFleetAssociations) != 0 || empty.NextToken != nil {
		t.Fatalf("DescribeApplicationFleetAssociations of no fleet: %v %+v", err, empty)
	}
	// An unknown pair disassociates without error (the operation models no ResourceNotFound).
	if _, err := f.c.DisassociateApplicationFleet(f.ctx, &appstream.DisassociateApplicationFleetInput{FleetName: aws.String("nofleet"), ApplicationArn: aws.String(f.elasticArn("application", "none"))}); err != nil {
		t.Fatal(err)
	}
	_, err = f.c.AssociateApplicationFleet(f.ctx, &appstream.AssociateApplicationFleetInput{FleetName: aws.String("nofleet"), ApplicationArn: aws.String(f.elasticArn("application", "none"))})
	expectError[*types.ResourceNotFoundException](t, err, "The fleet nofleet does not exist.")
}

func TestAppBlockBuilders(t *testing.T) {
	f := newFixture(t)
	packaged, err := f.c.CreateAppBlock(f.ctx, &appstream.CreateAppBlockInput{Name: aws.String("office"), SourceS3Location: s3("office"), PackagingType: types.PackagingTypeAppstream2})
	if err != nil || packaged.AppBlock.State != types.AppBlockStateInactive {
		t.Fatalf("CreateAppBlock APPSTREAM2: %v %+v", err, packaged)
	}
	created, err := f.c.CreateAppBlockBuilder(f.ctx, &appstream.CreateAppBlockBuilderInput{
		Name: aws.String("abb"), Platform: types.AppBlockBuilderPlatformTypeWindowsServer2019, InstanceType: aws.String("stream.standard.medium"),
		VpcConfig: &types.VpcConfig{SubnetIds: []string{"s-1", "s-2"}},
	})
	if err != nil || created.AppBlockBuilder.State != types.AppBlockBuilderStateStopped {
		t.Fatalf("CreateAppBlockBuilder: %v %+v", err, created)
	}
	_, err = f.c.StartAppBlockBuilder(f.ctx, &appstream.StartAppBlockBuilderInput{Name: aws.String("abb")})
	expectError[*types.OperationNotPermittedException](t, err, "The app block builder abb is not associated with an app block.")
	assoc, err := f.c.AssociateAppBlockBuilderAppBlock(f.ctx, &appstream.AssociateAppBlockBuilderAppBlockInput{AppBlockBuilderName: aws.String("abb"), AppBlockArn: packaged.AppBlock.Arn})
	if err != nil || aws.ToString(assoc.AppBlockBuilderAppBlockAssociation.AppBlockBuilderName) != "abb" {
		t.Fatalf("AssociateAppBlockBuilderAppBlock: %v %+v", err, assoc)
	}
	pages := appstream.NewDescribeAppBlockBuilderAppBlockAssociationsPaginator(f.c, &appstream.DescribeAppBlockBuilderAppBlockAssociationsInput{AppBlockArn: packaged.AppBlock.Arn})
	count := 0
	for pages.HasMorePages() {
		page, err := pages.NextPage(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		count += len(page.AppBlockBuilderAppBlockAssociations)
	}
	if count != 1 {
		t.Errorf("associations of the app block: %d", count)
	}
	started, err := f.c.StartAppBlockBuilder(f.ctx, &appstream.StartAppBlockBuilderInput{Name: aws.String("abb")})
	if err != nil || started.AppBlockBuilder.State != types.AppBlockBuilderStateStarting {
		t.Fatalf("StartAppBlockBuilder: %v %+v", err, started)
	}
	f.step()
	builders := appstream.NewDescribeAppBlockBuildersPaginator(f.c, &appstream.DescribeAppBlockBuildersInput{Names: []string{"abb"}})
	page, err := builders.NextPage(f.ctx)
	if err != nil || len(page.AppBlockBuilders) != 1 || page.AppBlockBuilders[0].State != types.AppBlockBuilderStateRunning {
		t.Fatalf("DescribeAppBlockBuilders: %v %+v", err, page)
	}
	url, err := f.c.CreateAppBlockBuilderStreamingURL(f.ctx, &appstream.CreateAppBlockBuilderStreamingURLInput{AppBlockBuilderName: aws.String("abb"), Validity: aws.Int64(120)})
	if err != nil {
		t.Fatalf("CreateAppBlockBuilderStreamingURL: %v", err)
	}
	checkBuilderURL(t, aws.ToString(url.StreamingURL), f.account, "app-block-builder/abb", url.Expires, "/_appstream/console/streaming/app-block-builder/")
	done := mustControl(t, "POST", "/app-block-builders/finish-app-block", obj{"AccountId": f.account, "Region": region, "AppBlockBuilderName": "abb"})
	if done["AppBlock"].(map[string]any)["State"] != "ACTIVE" {
		t.Errorf("finish-app-block: %v", done)
	}
	updated, err := f.c.UpdateAppBlockBuilder(f.ctx, &appstream.UpdateAppBlockBuilderInput{Name: aws.String("abb"), DisplayName: aws.String("Packager")})
	if err != nil || aws.ToString(updated.AppBlockBuilder.DisplayName) != "Packager" {
		t.Fatalf("UpdateAppBlockBuilder: %v %+v", err, updated)
	}
	_, err = f.c.UpdateAppBlockBuilder(f.ctx, &appstream.UpdateAppBlockBuilderInput{Name: aws.String("abb"), InstanceType: aws.String("stream.standard.large")})
	expectError[*types.ResourceInUseException](t, err, "Cannot update the attribute InstanceType for app block builder abb when it is RUNNING. The app block builder must be stopped to complete this action.")
	stopped, err := f.c.StopAppBlockBuilder(f.ctx, &appstream.StopAppBlockBuilderInput{Name: aws.String("abb")})
	if err != nil || stopped.AppBlockBuilder.State != types.AppBlockBuilderStateStopping {
		t.Fatalf("StopAppBlockBuilder: %v %+v", err, stopped)
	}
	f.step()
	_, err = f.c.DeleteAppBlockBuilder(f.ctx, &appstream.DeleteAppBlockBuilderInput{Name: aws.String("abb")})
	expectError[*types.ResourceInUseException](t, err, fmt.Sprintf("The app block builder abb is associated with the app block %s. To delete the app block builder, you must disassociate it from the app block.", f.elasticArn("app-block", "office")))
	if _, err := f.c.DisassociateAppBlockBuilderAppBlock(f.ctx, &appstream.DisassociateAppBlockBuilderAppBlockInput{AppBlockBuilderName: aws.String("abb"), AppBlockArn: packaged.AppBlock.Arn}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.c.DeleteAppBlockBuilder(f.ctx, &appstream.DeleteAppBlockBuilderInput{Name: aws.String("abb")}); err != nil {
		t.Fatal(err)
	}
	_, err = f.c.DescribeAppBlockBuilders(f.ctx, &appstream.DescribeAppBlockBuildersInput{Names: []string{"abb"}})
	expectError[*types.ResourceNotFoundException](t, err, "The app block builder abb does not exist.")
}

func TestExportImageTasks(t *testing.T) {
	f := newFixture(t)
	f.seed(obj{"images": []obj{{"Name": "golden"}}})
	created, err := f.c.CreateExportImageTask(f.ctx, &appstream.CreateExportImageTaskInput{
		ImageName: aws.String("golden"), AmiName: aws.String("golden-ami"), IamRoleArn: aws.String("arn:aws:iam::" + f.account + ":role/export"),
		TagSpecifications: map[string]string{"team": "imaging"},
	})
	if err != nil || created.ExportImageTask.State != types.ExportImageTaskStateExporting {
		t.Fatalf("CreateExportImageTask: %v %+v", err, created)
	}
	_, err = f.c.DeleteImage(f.ctx, &appstream.DeleteImageInput{Name: aws.String("golden")})
	expectError[*types.ResourceInUseException](t, err, fmt.Sprintf("The image golden is being exported by the export image task %s. Wait until the task completes, then try again.", aws.ToString(created.ExportImageTask.TaskId)))
	f.step()
	got, err := f.c.GetExportImageTask(f.ctx, &appstream.GetExportImageTaskInput{TaskId: created.ExportImageTask.TaskId})
	if err != nil || got.ExportImageTask.State != types.ExportImageTaskStateCompleted || !strings.HasPrefix(aws.ToString(got.ExportImageTask.AmiId), "ami-") {
		t.Fatalf("GetExportImageTask: %v %+v", err, got)
	}
	listed, err := f.c.ListExportImageTasks(f.ctx, &appstream.ListExportImageTasksInput{Filters: []types.Filter{{Name: aws.String("State"), Values: []string{"COMPLETED"}}}})
	if err != nil || len(listed.ExportImageTasks) != 1 || listed.NextToken != nil {
		t.Fatalf("ListExportImageTasks: %v %+v", err, listed)
	}
	_, err = f.c.GetExportImageTask(f.ctx, &appstream.GetExportImageTaskInput{TaskId: aws.String("00000000-0000-4000-8000-000000000000")})
	expectError[*types.ResourceNotFoundException](t, err, "The export image task 00000000-0000-4000-8000-000000000000 does not exist.")
	_, err = f.c.CreateExportImageTask(f.ctx, &appstream.CreateExportImageTaskInput{ImageName: aws.String(baseImage), AmiName: aws.String("pub-ami"), IamRoleArn: aws.String("arn:aws:iam::" + f.account + ":role/export")})
	expectError[*types.OperationNotPermittedException](t, err, fmt.Sprintf("The image %s is not owned by account %s. You can export only images that you own.", baseImage, f.account))
}
