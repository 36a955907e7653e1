// The emulator's control API (/_appstream/*, JSON, no SigV4): seeding, the emulated clock,
// failures on purpose and the Image Assistant steps that AWS has no public API for.
package compat

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"
)

// control sends one control request and decodes its JSON answer; it fails the test on a
// transport error, not on an error status (tests assert those).
func control(t testing.TB, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var reader io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatalf("control %s: %v", path, err)
		}
		reader = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, suite.url+"/_appstream"+path, reader)
	if err != nil {
		t.Fatalf("control %s: %v", path, err)
	}
	resp, err := sharedTransport.Do(req)
	if err != nil {
		t.Fatalf("control %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	out := map[string]any{}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("control %s %s: the answer is not JSON: %v", method, path, err)
	}
	return resp.StatusCode, out
}

// mustControl is control that requires a 200.
func mustControl(t testing.TB, method, path string, body any) map[string]any {
	t.Helper()
	status, out := control(t, method, path, body)
	if status != 200 {
		t.Fatalf("control %s %s answered %d: %v", method, path, status, out)
	}
	return out
}

// obj is a JSON object for control bodies and seed entries.
type obj = map[string]any

// seed writes images, imagePermissions and imageBuilders of the fixture's account (entries
// without AccountId/Region get the fixture's) straight into the store.
func (f *fixture) seed(doc obj) {
	f.t.Helper()
	for _, kind := range []string{"images", "imagePermissions", "imageBuilders", "fleets", "sessions", "stacks", "themes", "fleetStackAssociations", "users", "userStackAssociations", "entitlements", "directoryConfigs", "usageReportSubscriptions", "appLicenseUsages"} {
		entries, _ := doc[kind].([]obj)
		for _, e := range entries {
			if _, ok := e["AccountId"]; !ok {
				e["AccountId"] = f.account
			}
			if _, ok := e["Region"]; !ok {
				e["Region"] = region
			}
		}
	}
	mustControl(f.t, "POST", "/seed", doc)
}

// clockNow is the emulated time.
func clockNow(t testing.TB) time.Time {
	t.Helper()
	out := mustControl(t, "GET", "/clock", nil)
	return time.UnixMilli(int64(out["epochMillis"].(float64)))
}

// advance moves the emulated clock (shared by the whole binary: tests do not run in parallel).
func advance(t testing.TB, seconds int) time.Time {
	t.Helper()
	out := mustControl(t, "POST", "/clock", obj{"advanceSeconds": seconds})
	return time.UnixMilli(int64(out["epochMillis"].(float64)))
}

// step lets one state transition of every resource complete.
func (f *fixture) step() { f.t.Helper(); advance(f.t, transitionSeconds) }

// settle lets every transition in flight complete, however many steps it has.
func (f *fixture) settle() { f.t.Helper(); advance(f.t, 10*transitionSeconds) }

// failNext makes the next count transitions of operation (CreateImage, CopyImage,
// CreateUpdatedImage, CreateImportedImage, CreateImageBuilder, StartImageBuilder) of the
// fixture's account end FAILED.
func (f *fixture) failNext(operation string, count int) {
	f.t.Helper()
	mustControl(f.t, "POST", "/failures", obj{"Operation": operation, "AccountId": f.account, "Count": count})
}

// addApplication adds an application to a RUNNING builder through the Image Assistant.
func (f *fixture) addApplication(builder string, app obj) {
	f.t.Helper()
	body := obj{"AccountId": f.account, "Region": region, "ImageBuilderName": builder}
	for k, v := range app {
		body[k] = v
	}
	mustControl(f.t, "POST", "/image-assistant/add-application", body)
}

// createImage makes an image from a RUNNING builder through the Image Assistant (AWS's
// CreateImage, which has no public API); extra adds members (DisplayName, Tags, ...).
// It answers the control API's status and body, for tests of its errors.
func (f *fixture) createImage(builder, name string, extra obj) (int, map[string]any) {
	f.t.Helper()
	body := obj{"AccountId": f.account, "Region": region, "ImageBuilderName": builder, "Name": name}
	for k, v := range extra {
		body[k] = v
	}
	return control(f.t, "POST", "/image-assistant/create-image", body)
}
