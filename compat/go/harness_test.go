// The shared harness of the Go suite: one emulator process per test binary (started by
// TestMain on a free port), the protocol this build of the SDK speaks, and the checks that
// run after all tests (every served operation exercised, the wire contract of every answer).
package compat

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The two wire protocols of the AppStream model, as the harness names them.
const (
	protoCBOR = "rpc-v2-cbor"
	protoJSON = "awsJson1_1"
)

// transitionSeconds is how long each state transition of the emulator takes in emulated time.
// Long enough that real time passing during a test never completes one; tests move the clock.
const transitionSeconds = 60

var wantProtocol = flag.String("protocol", "", "fail unless the SDK speaks this protocol (rpc-v2-cbor or awsJson1_1)")

// suite is the state shared by all tests of the binary.
var suite struct {
	url      string // the emulator's base URL, e.g. http://127.0.0.1:41234
	repoRoot string
	protocol string // what the SDK of this build sends: protoCBOR or protoJSON
	wire     *wireLog
}

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(runSuite(m))
}

func runSuite(m *testing.M) int {
	root, err := findRepoRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "compat/go:", err)
		return 2
	}
	suite.repoRoot = root
	suite.wire = &wireLog{}
	var stop func()
	if url := os.Getenv("APPSTREAM_LOCAL_URL"); url != "" {
		// A server started by hand (e.g. with --log-level debug); it must use the same
		// --transition-seconds for the tests' clock steps to mean the same thing.
		suite.url, stop = strings.TrimRight(url, "/"), func() {}
	} else {
		suite.url, stop, err = startEmulator(root)
		if err != nil {
			fmt.Fprintln(os.Stderr, "compat/go:", err)
			return 2
		}
	}
	defer stop()
	first, err := firstExchange()
	if err != nil {
		fmt.Fprintln(os.Stderr, "compat/go:", err)
		return 2
	}
	suite.protocol = first.Protocol
	fmt.Printf("compat/go: the Go SDK (%s) speaks %s to %s\n", sdkVersions.FindString(first.UserAgent), suite.protocol, suite.url)
	if *wantProtocol != "" && *wantProtocol != suite.protocol {
		fmt.Fprintf(os.Stderr, "compat/go: this run must speak %s, but the SDK sent %s (check the go.mod/json.mod pin)\n", *wantProtocol, suite.protocol)
		return 2
	}
	code := m.Run()
	// The after-run checks only mean something for a whole run of the suite.
	if flag.Lookup("test.run").Value.String() == "" && flag.Lookup("test.skip").Value.String() == "" {
		if !checkServedOperationsCovered() {
			code = 1
		}
	}
	if !reportWireViolations() {
		code = 1
	}
	return code
}

// findRepoRoot walks up from the working directory (go test runs in the package's folder)
// to the folder that holds bin/appstream-local.js.
func findRepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "bin", "appstream-local.js")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("bin/appstream-local.js not found above the working directory")
		}
		dir = parent
	}
}

var readyLine = regexp.MustCompile(`ready at (http://\S+)`)

// startEmulator runs `node bin/appstream-local.js start --port 0 --in-memory` and waits for its
// ready line (up to 60 s). The node binary is $APPSTREAM_LOCAL_NODE, else `node` on the PATH;
// dist/ must be built (npm test builds it first). stop sends SIGTERM and waits for the exit.
func startEmulator(root string) (url string, stop func(), err error) {
	node := os.Getenv("APPSTREAM_LOCAL_NODE")
	if node == "" {
		node = "node"
	}
	if _, err := os.Stat(filepath.Join(root, "dist", "src", "cli.js")); err != nil {
		return "", nil, fmt.Errorf("dist/ is not built: run `npm run build` in %s first", root)
	}
	cmd := exec.Command(node, filepath.Join(root, "bin", "appstream-local.js"), "start",
		"--port", "0", "--in-memory", "--log-level", "silent",
		"--transition-seconds", fmt.Sprint(transitionSeconds))
	cmd.Dir = root
	cmd.SysProcAttr = childProcAttr()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("start %s: %w", node, err)
	}
	exited := make(chan struct{})
	found := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			if m := readyLine.FindStringSubmatch(lines.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		_, _ = io.Copy(io.Discard, stdout) // keep the pipe drained until the process exits
	}()
	go func() { _ = cmd.Wait(); close(exited) }()
	stop = func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}
	select {
	case url = <-found:
		return url, stop, nil
	case <-exited:
		return "", nil, fmt.Errorf("the emulator exited before it was ready: %s", stderr.String())
	case <-time.After(60 * time.Second):
		stop()
		return "", nil, fmt.Errorf("the emulator printed no ready line within 60 s: %s", stderr.String())
	}
}

// sdkVersions finds the core and service versions in the SDK's User-Agent.
var sdkVersions = regexp.MustCompile(`aws-sdk-go-v2/\S+.*api/appstream#\S+`)

// firstExchange makes one call and answers what the SDK put on the wire (its protocol).
func firstExchange() (exchange, error) {
	log := &wireLog{}
	c := newClient(log, newAccountID(), region, "TestMain")
	if _, err := c.DescribeImages(context.Background(), nil); err != nil {
		return exchange{}, fmt.Errorf("the first call failed: %w", err)
	}
	ex := log.all()
	if len(ex) == 0 {
		return exchange{}, fmt.Errorf("the first call sent nothing")
	}
	return ex[0], nil
}

// checkServedOperationsCovered fails the run when an operation that docs/operations.md lists as
// served was never answered 200 to this SDK: a served operation without a Go test is not done.
func checkServedOperationsCovered() bool {
	served, err := servedOperations(suite.repoRoot)
	if err != nil {
		fmt.Fprintln(os.Stderr, "compat/go:", err)
		return false
	}
	ok := map[string]bool{}
	for _, ex := range suite.wire.all() {
		if ex.Status == 200 {
			ok[ex.Operation] = true
		}
	}
	var missing []string
	for _, op := range served {
		if !ok[op] {
			missing = append(missing, op)
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(os.Stderr, "compat/go: served operations that no Go test called successfully (%s): %s\n"+
			"  add a test to the family's <family>_test.go (see compat/go/README.md)\n", suite.protocol, strings.Join(missing, ", "))
		return false
	}
	fmt.Printf("compat/go: all %d served operations were called through the Go SDK (%s)\n", len(served), suite.protocol)
	return true
}

var servedRow = regexp.MustCompile("^\\| ([A-Z][A-Za-z0-9]+) \\|")

// servedOperations reads the "Served" table of docs/operations.md (generated from the handler table).
func servedOperations(root string) ([]string, error) {
	doc, err := os.ReadFile(filepath.Join(root, "docs", "operations.md"))
	if err != nil {
		return nil, err
	}
	return operationsUnder(string(doc), "## Served"), nil
}

// notImplementedOperations reads the "Not implemented" list of docs/operations.md.
func notImplementedOperations(root string) ([]string, error) {
	doc, err := os.ReadFile(filepath.Join(root, "docs", "operations.md"))
	if err != nil {
		return nil, err
	}
	_, rest, _ := strings.Cut(string(doc), "## Not implemented")
	var ops []string
	for _, m := range regexp.MustCompile("`([A-Z][A-Za-z0-9]+)`").FindAllStringSubmatch(rest, -1) {
		ops = append(ops, m[1])
	}
	return ops, nil
}

func operationsUnder(doc, heading string) []string {
	_, section, _ := strings.Cut(doc, heading)
	section, _, _ = strings.Cut(section, "\n## ")
	var ops []string
	for _, line := range strings.Split(section, "\n") {
		if m := servedRow.FindStringSubmatch(line); m != nil && m[1] != "operation" {
			ops = append(ops, m[1])
		}
	}
	return ops
}
