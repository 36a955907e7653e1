// Resources that several families' tests start from: seeded images, running builders, images
// made through the Image Assistant. Each goes through the SDK or the control API like a user's.
package compat

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/appstream"
	"github.com/aws/aws-sdk-go-v2/service/appstream/types"
)

// seedImage writes an AVAILABLE private image of the fixture's account built on the base
// image; extra sets or overrides members (State, Tags, CreatedTime, ...).
func (f *fixture) seedImage(name string, extra obj) {
	f.t.Helper()
	entry := obj{"Name": name, "BaseImageName": baseImage}
	for k, v := range extra {
		entry[k] = v
	}
	f.seed(obj{"images": []obj{entry}})
}

// describeImage is the fixture's own image by name (one DescribeImages call).
func (f *fixture) describeImage(c *appstream.Client, name string) types.Image {
	f.t.Helper()
	out, err := c.DescribeImages(f.ctx, &appstream.DescribeImagesInput{Names: []string{name}, Type: types.VisibilityTypePrivate})
	if err != nil {
		f.t.Fatalf("DescribeImages %s: %v", name, err)
	}
	if len(out.Images) != 1 {
		f.t.Fatalf("DescribeImages %s: %d images", name, len(out.Images))
	}
	return out.Images[0]
}

// describeBuilder is one of the fixture's builders by name.
func (f *fixture) describeBuilder(name string) types.ImageBuilder {
	f.t.Helper()
	out, err := f.c.DescribeImageBuilders(f.ctx, &appstream.DescribeImageBuildersInput{Names: []string{name}})
	if err != nil {
		f.t.Fatalf("DescribeImageBuilders %s: %v", name, err)
	}
	if len(out.ImageBuilders) != 1 {
		f.t.Fatalf("DescribeImageBuilders %s: %d builders", name, len(out.ImageBuilders))
	}
	return out.ImageBuilders[0]
}

// runningBuilder creates a builder from the base image and lets it reach RUNNING.
func (f *fixture) runningBuilder(name string, optFns ...func(*appstream.CreateImageBuilderInput)) types.ImageBuilder {
	f.t.Helper()
	in := &appstream.CreateImageBuilderInput{Name: aws.String(name), ImageName: aws.String(baseImage), InstanceType: aws.String("stream.standard.medium")}
	for _, fn := range optFns {
		fn(in)
	}
	if _, err := f.c.CreateImageBuilder(f.ctx, in); err != nil {
		f.t.Fatalf("CreateImageBuilder %s: %v", name, err)
	}
	f.step()
	b := f.describeBuilder(name)
	if b.State != types.ImageBuilderStateRunning {
		f.t.Fatalf("builder %s is %s after one step", name, b.State)
	}
	return b
}

// makeImage makes an AVAILABLE image from a new RUNNING builder with one application, the way
// a user does in the Image Assistant; extra adds create-image members (DisplayName, Tags, ...).
func (f *fixture) makeImage(builder, image string, extra obj) types.Image {
	f.t.Helper()
	f.runningBuilder(builder)
	f.addApplication(builder, obj{
		"Name": "notepadpp", "DisplayName": "Notepad++", "AbsoluteAppPath": `C:\Program Files\Notepad++\notepad++.exe`,
		"LaunchParameters": "-multiInst", "WorkingDirectory": `C:\Users\Public`,
	})
	if status, out := f.createImage(builder, image, extra); status != 200 {
		f.t.Fatalf("create-image %s: %d %v", image, status, out)
	}
	f.settle()
	return f.describeImage(f.c, image)
}

// stackWithCatalogue creates, through the API, stack `stack` whose fleet serves an image whose
// catalogue holds `apps` (names): CreateStack, CreateFleet (STOPPED), AssociateFleet.
func (f *fixture) stackWithCatalogue(stack string, apps ...string) {
	f.t.Helper()
	applications := []obj{}
	for _, a := range apps {
		applications = append(applications, obj{"Name": a, "DisplayName": a, "LaunchPath": `C:\\apps\\` + a + `.exe`})
	}
	f.seedImage(stack+"-image", obj{"Applications": applications})
	f.createStack(&appstream.CreateStackInput{Name: aws.String(stack)})
	f.createFleet(stack+"-fleet", func(in *appstream.CreateFleetInput) {
		in.ImageName = aws.String(stack + "-image")
		in.ComputeCapacity = &types.ComputeCapacity{DesiredInstances: aws.Int32(1)}
	})
	if _, err := f.c.AssociateFleet(f.ctx, &appstream.AssociateFleetInput{StackName: aws.String(stack), FleetName: aws.String(stack + "-fleet")}); err != nil {
		f.t.Fatalf("AssociateFleet %s: %v", stack, err)
	}
}
