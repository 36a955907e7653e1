// License-included software on image builders through the Go SDK:
// AssociateSoftwareToImageBuilder, DisassociateSoftwareFromImageBuilder,
// StartSoftwareDeploymentToImageBuilder, DescribeSoftwareAssociations (paged by hand).
package compat

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/appstream"
	"github.com/aws/aws-sdk-go-v2/service/appstream/types"
)

const (
	office  = "Microsoft_Office_2024_LTSC_Professional_Plus_64Bit"
	visio   = "Microsoft_Visio_2024_LTSC_Professional_64Bit"
	project = "Microsoft_Project_2021_Professional_32Bit"
)

// softwareStatuses is "name=STATUS" of every association of a resource, sorted.
func softwareStatuses(t *testing.T, f *fixture, arn string) string {
	t.Helper()
	out, err := f.c.DescribeSoftwareAssociations(f.ctx, &appstream.DescribeSoftwareAssociationsInput{AssociatedResource: aws.String(arn)})
	if err != nil {
		t.Fatalf("DescribeSoftwareAssociations %s: %v", arn, err)
	}
	if aws.ToString(out.AssociatedResource) != arn {
		t.Errorf("AssociatedResource %v, want %s", aws.ToString(out.AssociatedResource), arn)
	}
	var s []string
	for _, a := range out.SoftwareAssociations {
		s = append(s, aws.ToString(a.SoftwareName)+"="+string(a.Status))
	}
	sort.Strings(s)
	return strings.Join(s, " ")
}

func TestSoftwareLifecycle(t *testing.T) {
	f := newFixture(t)
	f.runningBuilder("sw", func(in *appstream.CreateImageBuilderInput) {
		in.InstanceType = aws.String("stream.standard.large")
		in.SoftwaresToInstall = []string{office}
	})
	arn := f.builderArn("sw")
	if got := softwareStatuses(t, f, arn); got != office+"=INSTALLED" {
		t.Errorf("SoftwaresToInstall once RUNNING: %s", got)
	}
	if _, err := f.c.AssociateSoftwareToImageBuilder(f.ctx, &appstream.AssociateSoftwareToImageBuilderInput{ImageBuilderName: aws.String("sw"), SoftwareNames: []string{visio, project}}); err != nil {
		t.Fatal(err)
	}
	if got := softwareStatuses(t, f, arn); got != fmt.Sprintf("%s=INSTALLED %s=STAGED_FOR_INSTALLATION %s=STAGED_FOR_INSTALLATION", office, project, visio) {
		t.Errorf("after associating: %s", got)
	}
	if _, err := f.c.StartSoftwareDeploymentToImageBuilder(f.ctx, &appstream.StartSoftwareDeploymentToImageBuilderInput{ImageBuilderName: aws.String("sw")}); err != nil {
		t.Fatal(err)
	}
	if got := softwareStatuses(t, f, arn); got != fmt.Sprintf("%s=INSTALLED %s=PENDING_INSTALLATION %s=PENDING_INSTALLATION", office, project, visio) {
		t.Errorf("while deploying: %s", got)
	}
	_, err := f.c.DisassociateSoftwareFromImageBuilder(f.ctx, &appstream.DisassociateSoftwareFromImageBuilderInput{ImageBuilderName: aws.String("sw"), SoftwareNames: []string{project}})
	expectError[*types.OperationNotPermittedException](t, err,
		fmt.Sprintf("The software %s is PENDING_INSTALLATION on the image builder sw; wait until its deployment ends.", project))
	f.step()
	if got := softwareStatuses(t, f, arn); got != fmt.Sprintf("%s=INSTALLED %s=INSTALLED %s=INSTALLED", office, project, visio) {
		t.Errorf("after the deployment: %s", got)
	}
	if _, err := f.c.DisassociateSoftwareFromImageBuilder(f.ctx, &appstream.DisassociateSoftwareFromImageBuilderInput{ImageBuilderName: aws.String("sw"), SoftwareNames: []string{project}}); err != nil {
		t.Fatal(err)
	}
	if got := softwareStatuses(t, f, arn); !strings.Contains(got, project+"=STAGED_FOR_UNINSTALLATION") {
		t.Errorf("after disassociating: %s", got)
	}
	if _, err := f.c.StartSoftwareDeploymentToImageBuilder(f.ctx, &appstream.StartSoftwareDeploymentToImageBuilderInput{ImageBuilderName: aws.String("sw"), RetryFailedDeployments: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	f.step()
	if got := softwareStatuses(t, f, arn); got != fmt.Sprintf("%s=INSTALLED %s=INSTALLED", office, visio) {
		t.Errorf("after uninstalling: %s", got)
	}

	// Paging by hand (the Go SDK has no paginator for it).
	first, err := f.c.DescribeSoftwareAssociations(f.ctx, &appstream.DescribeSoftwareAssociationsInput{AssociatedResource: aws.String(arn), MaxResults: aws.Int32(1)})
	if err != nil || len(first.SoftwareAssociations) != 1 || first.NextToken == nil {
		t.Fatalf("page 1: %v", err)
	}
	second, err := f.c.DescribeSoftwareAssociations(f.ctx, &appstream.DescribeSoftwareAssociationsInput{AssociatedResource: aws.String(arn), MaxResults: aws.Int32(1), NextToken: first.NextToken})
	if err != nil || len(second.SoftwareAssociations) != 1 || second.NextToken != nil {
		t.Errorf("page 2: %v %v", second, err)
	}

	// An image made from the builder carries its software.
	if status, body := f.createImage("sw", "with-office", nil); status != 200 {
		t.Fatalf("create-image: %d %v", status, body)
	}
	f.step()
	img := f.describeImage(f.c, "with-office")
	if !aws.ToBool(img.ManagedSoftwareIncluded) {
		t.Errorf("ManagedSoftwareIncluded %v", img.ManagedSoftwareIncluded)
	}
	if got := softwareStatuses(t, f, aws.ToString(img.Arn)); got != fmt.Sprintf("%s=INSTALLED %s=INSTALLED", office, visio) {
		t.Errorf("the image's software: %s", got)
	}
}

func TestSoftwareErrors(t *testing.T) {
	f := newFixture(t)
	f.seed(obj{"imageBuilders": []obj{
		{"Name": "win", "ImageName": baseImage, "State": "RUNNING"},
		{"Name": "linux", "ImageName": "AppStream-RHEL8-08-31-2026", "State": "RUNNING"},
		{"Name": "off", "ImageName": baseImage, "State": "STOPPED"},
	}})
	associate := func(builder string, names ...string) error {
		_, err := f.c.AssociateSoftwareToImageBuilder(f.ctx, &appstream.AssociateSoftwareToImageBuilderInput{ImageBuilderName: aws.String(builder), SoftwareNames: names})
		return err
	}
	expectError[*types.InvalidParameterCombinationException](t, associate("win", "Notepad_Plus"),
		"The software Notepad_Plus is not a license-included application that AppStream 2.0 offers.")
	_, err := f.c.DisassociateSoftwareFromImageBuilder(f.ctx, &appstream.DisassociateSoftwareFromImageBuilderInput{ImageBuilderName: aws.String("win"), SoftwareNames: []string{"Notepad_Plus"}})
	expectError[*types.InvalidParameterCombinationException](t, err, "The software Notepad_Plus is not a license-included application that AppStream 2.0 offers.")
	expectError[*types.IncompatibleImageException](t, associate("linux", office),
		"License-included applications need a Windows Server platform; the image builder linux runs RHEL8.")
	_, err = f.c.CreateImageBuilder(f.ctx, &appstream.CreateImageBuilderInput{Name: aws.String("x"), ImageName: aws.String("AppStream-RHEL8-08-31-2026"),
		InstanceType: aws.String("stream.standard.large"), SoftwaresToInstall: []string{office}})
	expectError[*types.IncompatibleImageException](t, err, "License-included applications need a Windows Server platform; the image AppStream-RHEL8-08-31-2026 runs RHEL8.")
	notFound := fmt.Sprintf("The image builder nope for account %s does not exist.", f.account)
	expectError[*types.ResourceNotFoundException](t, associate("nope", office), notFound)
	_, err = f.c.StartSoftwareDeploymentToImageBuilder(f.ctx, &appstream.StartSoftwareDeploymentToImageBuilderInput{ImageBuilderName: aws.String("nope")})
	expectError[*types.ResourceNotFoundException](t, err, notFound)
	_, err = f.c.DescribeSoftwareAssociations(f.ctx, &appstream.DescribeSoftwareAssociationsInput{AssociatedResource: aws.String(f.builderArn("nope"))})
	expectError[*types.ResourceNotFoundException](t, err, notFound)
	for _, arn := range []string{f.imageArn("nope"), fmt.Sprintf("arn:aws:appstream:us-east-1:%s:image-builder/win", newAccountID())} {
		_, err = f.c.DescribeSoftwareAssociations(f.ctx, &appstream.DescribeSoftwareAssociationsInput{AssociatedResource: aws.String(arn)})
		expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The resource %s does not exist.", arn))
	}
	stackArn := fmt.Sprintf("arn:aws:appstream:us-east-1:%s:stack/desk", f.account)
	_, err = f.c.DescribeSoftwareAssociations(f.ctx, &appstream.DescribeSoftwareAssociationsInput{AssociatedResource: aws.String(stackArn)})
	expectError[*types.OperationNotPermittedException](t, err, fmt.Sprintf("Software associations are only available for images and image builders, not for the resource type stack (%s).", stackArn))
	_, err = f.c.DisassociateSoftwareFromImageBuilder(f.ctx, &appstream.DisassociateSoftwareFromImageBuilderInput{ImageBuilderName: aws.String("win"), SoftwareNames: []string{office}})
	expectError[*types.ResourceNotFoundException](t, err, fmt.Sprintf("The software %s is not associated with the image builder win.", office))
	_, err = f.c.StartSoftwareDeploymentToImageBuilder(f.ctx, &appstream.StartSoftwareDeploymentToImageBuilderInput{ImageBuilderName: aws.String("off")})
	expectError[*types.OperationNotPermittedException](t, err,
		"The image builder off is STOPPED. The image builder must be in a RUNNING state for this action to succeed.")
	// Associating works while STOPPED, not in a transition.
	if err := associate("off", office); err != nil {
		t.Errorf("associate while STOPPED: %v", err)
	}
	f.seed(obj{"imageBuilders": []obj{{"Name": "starting", "ImageName": baseImage, "State": "PENDING"}}})
	expectError[*types.OperationNotPermittedException](t, associate("starting", office),
		"The image builder starting is PENDING. The image builder must be in one of the states RUNNING, STOPPED for this action to succeed.")
}
