// The instance-type table against the whole public catalogue (issue 17): every public image
// that says ImageBuilderSupported starts an image builder with some type of the table, every
// family an image declares has image builder types, and each type the table offers for
// builders launches on an image of its family (and on no image of another family).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateImageBuilderCommand, DeleteImageBuilderCommand, DescribeImageBuildersCommand, DescribeImagesCommand, type Image } from '@aws-sdk/client-appstream';
import type { RunningServer } from '../../src/index.js';
import { publicImages } from '../../src/catalog/public-images.js';
import { INSTANCE_TYPES, instanceFamilyOf, instanceTypesFor, instanceTypeUse } from '../../src/service/image-builders/instance-types.js';
import { appStreamClient, PROTOCOLS } from '../support/clients.js';
import { rejectsWith } from '../support/assertions.js';
import { startTestServer } from '../support/server.js';

for (const protocol of PROTOCOLS) {
  describe(`the public catalogue and the instance types over ${protocol}`, () => {
    let server: RunningServer;
    before(async () => {
      server = await startTestServer({ transitionSeconds: 0 });
    });
    after(() => server.close());

    /** Every public image, paged through DescribeImages as a client sees them. */
    async function allPublic(): Promise<Image[]> {
      const c = appStreamClient(server.url, protocol);
      const out: Image[] = [];
      let token: string | undefined;
      do {
        const page = await c.send(new DescribeImagesCommand({ Type: 'PUBLIC', NextToken: token }));
        out.push(...page.Images!);
        token = page.NextToken;
      } while (token);
      return out;
    }

    it('every public image with ImageBuilderSupported starts an image builder with some type', async () => {
      const c = appStreamClient(server.url, protocol);
      const images = await allPublic();
      assert.equal(images.length, publicImages('us-east-1').length);
      let walked = 0;
      for (const image of images) {
        if (!image.ImageBuilderSupported) continue;
        const types = instanceTypesFor('imageBuilder', image.SupportedInstanceFamilies);
        assert.ok(types.length > 0, `no instance type launches ${image.Name} (${image.SupportedInstanceFamilies?.join(', ')})`);
        const name = `walk-${walked}`;
        const out = await c.send(new CreateImageBuilderCommand({ Name: name, ImageName: image.Name, InstanceType: types[0] }));
        assert.equal(out.ImageBuilder!.State, 'PENDING', image.Name);
        assert.equal(out.ImageBuilder!.Platform, image.Platform, image.Name);
        const [now] = (await c.send(new DescribeImageBuildersCommand({ Names: [name] }))).ImageBuilders!;
        assert.equal(now!.State, 'RUNNING', image.Name);
        await c.send(new DeleteImageBuilderCommand({ Name: name }));
        walked++;
      }
      assert.equal(walked, images.filter((i) => i.ImageBuilderSupported).length);
      assert.ok(walked > 30, `walked ${walked} images`);
    });

    it('every family a public image declares has image builder types; each builder type launches on its family only', async () => {
      const c = appStreamClient(server.url, protocol);
      const images = await allPublic();
      const byFamily = new Map<string, Image>();
      for (const image of images) for (const f of image.SupportedInstanceFamilies ?? []) if (!byFamily.has(f)) byFamily.set(f, image);
      for (const family of byFamily.keys()) {
        assert.ok(INSTANCE_TYPES.some((t) => instanceFamilyOf(t) === family && instanceTypeUse(t)!.imageBuilder), `no builder type of ${family}`);
      }
      const general = byFamily.get('GENERAL_PURPOSE')!;
      let n = 0;
      for (const type of INSTANCE_TYPES.filter((t) => instanceTypeUse(t)!.imageBuilder)) {
        const family = instanceFamilyOf(type)!;
        const image = byFamily.get(family);
        const name = `t-${n++}`;
        if (image) {
          const out = await c.send(new CreateImageBuilderCommand({ Name: name, ImageName: image.Name, InstanceType: type }));
          assert.equal(out.ImageBuilder!.InstanceType, type);
          await c.send(new DeleteImageBuilderCommand({ Name: name }));
        }
        // On an image of another family: AWS's combination error.
        const other = family === 'GENERAL_PURPOSE' || family === 'COMPUTE_OPTIMIZED' || family === 'MEMORY_OPTIMIZED' ? byFamily.get('GRAPHICS_G4')! : general;
        await rejectsWith(
          c.send(new CreateImageBuilderCommand({ Name: name, ImageName: other.Name, InstanceType: type })),
          'InvalidParameterCombinationException',
          `The combination of instance type ${type} and image instance family ${other.SupportedInstanceFamilies![0]} is not supported. Select an image that belongs to image instance family supported by this instance type.`,
        );
      }
    });
  });
}
