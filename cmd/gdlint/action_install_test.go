package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// fakeRelease is a release as GitHub serves one: a real gdlint, built for
// this machine with the release's version stamp, in the archive
// .ci/release-build names, and checksums.txt. bad breaks the checksum;
// missing leaves the archive out. It is built without the release's
// -trimpath, which changes every package's build and so, with an empty
// build cache, compiled every dependency a second time (100 s of a cold
// go test): what the Action does with the archive does not depend on it.
func fakeRelease(t *testing.T, version string, bad, missing bool) (*httptest.Server, *atomic.Int64) {
	skipUnderRace(t)
	t.Helper()
	bin := filepath.Join(t.TempDir(), "gdlint")
	build := exec.Command("go", "build", "-ldflags", "-X main.version="+version, "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	exe, _ := os.ReadFile(bin)
	name := fmt.Sprintf("gdlint_%s_%s_%s", version, runtime.GOOS, runtime.GOARCH)
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	tw.WriteHeader(&tar.Header{Name: name + "/", Typeflag: tar.TypeDir, Mode: 0o755})
	tw.WriteHeader(&tar.Header{Name: name + "/gdlint", Mode: 0o755, Size: int64(len(exe))})
	tw.Write(exe)
	tw.Close()
	gz.Close()
	archive := buf.Bytes()
	sum := sha256.Sum256(archive)
	if bad {
		sum[0] ^= 0xff
	}
	checksums := hex.EncodeToString(sum[:]) + "  " + name + ".tar.gz\n"
	var downloads atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/latest", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/tag/"+version, http.StatusFound)
	})
	mux.HandleFunc("/tag/"+version, func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "release page") })
	mux.HandleFunc("/download/"+version+"/checksums.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, checksums) })
	if !missing {
		mux.HandleFunc("/download/"+version+"/"+name+".tar.gz", func(w http.ResponseWriter, r *http.Request) {
			downloads.Add(1)
			w.Write(archive)
		})
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &downloads
}

// The Action installs a release by default: the archive for this runner,
// verified against checksums.txt, cached in the tool cache by version, and
// no Go set up. A bad checksum and a missing asset fail the step.
func TestActionInstallsRelease(t *testing.T) {
	if runnerOS() == "" || runnerArch() == "" || runtime.GOOS == "windows" {
		t.Skip("no release for this machine")
	}
	ws := workspaceWith(t, dirtyTree)
	srv, downloads := fakeRelease(t, "v9.9.9", false, false)
	t.Setenv("GDLINT_RELEASES_URL", srv.URL)
	t.Setenv("GDLINT_TOOL_CACHE", t.TempDir())
	for _, version := range []string{"v9.9.9", "latest", "v9.9.9"} {
		r := runAction(t, ws, map[string]string{"version": version}, nil)
		if r.exitCode != 1 || r.outputs["gdlint-version"] != "v9.9.9" || r.outputs["findings"] != "1" {
			t.Fatalf("%s: exit %d, outputs %v\n%s", version, r.exitCode, r.outputs, r.log.String())
		}
		for _, u := range r.uses {
			if strings.Contains(u.Uses, "setup-go") {
				t.Errorf("%s: Go was set up for a release", version)
			}
		}
		if !strings.Contains(r.steps["install"]["bin"], filepath.Join("gdlint", "9.9.9")) {
			t.Errorf("%s: not from the tool cache: %v", version, r.steps["install"])
		}
	}
	if n := downloads.Load(); n != 1 {
		t.Errorf("downloaded %d times; the tool cache should have served the later runs", n)
	}
	sarif, _ := os.ReadFile(filepath.Join(ws, "gdlint.sarif"))
	if !bytes.Contains(sarif, []byte(`"version":"9.9.9"`)) {
		t.Errorf("the SARIF does not carry the release's version")
	}

	for _, tc := range []struct {
		name         string
		bad, missing bool
		want         string
	}{
		{"bad checksum", true, false, "checksum mismatch for gdlint_v9.9.9_"},
		{"missing asset", false, true, "cannot download gdlint_v9.9.9_"},
	} {
		srv, _ := fakeRelease(t, "v9.9.9", tc.bad, tc.missing)
		t.Setenv("GDLINT_RELEASES_URL", srv.URL)
		t.Setenv("GDLINT_TOOL_CACHE", t.TempDir())
		r := runAction(t, ws, map[string]string{"version": "v9.9.9"}, nil)
		if !r.failed || !strings.Contains(r.log.String(), tc.want) || r.steps["lint"] != nil {
			t.Errorf("%s: failed=%v lint ran=%v\n%s", tc.name, r.failed, r.steps["lint"] != nil, r.log.String())
		}
	}
	r := runAction(t, ws, map[string]string{"version": "1.2"}, nil)
	if !r.failed || !strings.Contains(r.log.String(), `version "1.2" is not a release tag`) {
		t.Errorf("a bad version: %s", r.log.String())
	}
}

// With only-new on a pull request, the Action reports only what the pull
// request changed from its base commit.
func TestActionOnlyNew(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	ws := workspaceWith(t, map[string]string{"infra/old.tf": "locals {\n  a = [\"Backdoor:EC2/XORDDOS\"]\n}\n"})
	gitIn(t, ws, "init", "-q", "-b", "main")
	gitIn(t, ws, "add", ".")
	gitIn(t, ws, "commit", "-q", "-m", "base")
	out, err := exec.Command("git", "-C", ws, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	base := strings.TrimSpace(string(out))
	write(t, filepath.Join(ws, "infra", "new.tf"), []byte("locals {\n  b = [\"Recon:IAMUser/UserPermissions\"]\n}\n"))
	pr := map[string]string{"event_name": "pull_request", "event.pull_request.base.sha": base,
		"event.pull_request.head.repo.full_name": "acme/infra"}
	r := runAction(t, ws, map[string]string{"only-new": "true", "annotations": "false"}, pr)
	if r.outputs["findings"] != "1" || !strings.Contains(r.log.String(), "infra/new.tf:2:") || strings.Contains(r.log.String(), "infra/old.tf:2:") {
		t.Errorf("only-new: outputs %v\n%s", r.outputs, r.log.String())
	}
	r = runAction(t, ws, map[string]string{"only-new": "true", "annotations": "false"}, nil)
	if r.outputs["findings"] != "2" || !strings.Contains(r.log.String(), "only-new applies to pull requests") {
		t.Errorf("only-new on a push: outputs %v\n%s", r.outputs, r.log.String())
	}
}
