// AWS's public base images as the emulator serves them (src/catalog/public-base-images.json),
// read once so that tests compare against the data, not against copies of it.
package compat

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// baseImage is the public image most tests build from.
const baseImage = "AppStream-WinServer2022-11-10-2025"

type catalogueEntry struct {
	Name        string
	Platform    string
	ReleaseDate string // yyyy-mm-dd
}

type catalogueFile struct {
	LatestAgentVersion string `json:"latestAgentVersion"`
	Images             []catalogueEntry
	Deprecated         []string
}

var loadCatalogue = sync.OnceValues(func() (catalogueFile, error) {
	var c catalogueFile
	raw, err := os.ReadFile(filepath.Join(suite.repoRoot, "src", "catalog", "public-base-images.json"))
	if err == nil {
		err = json.Unmarshal(raw, &c)
	}
	return c, err
})

func catalogue(t testing.TB) catalogueFile {
	t.Helper()
	c, err := loadCatalogue()
	if err != nil {
		t.Fatalf("the public image catalogue: %v", err)
	}
	return c
}
