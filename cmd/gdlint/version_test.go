package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"
)

// go install …@v1.2.3 records the version in the binary, and gdlint
// reports it (--version, SARIF's driver.version), not devel. The module
// comes from a file proxy made here of this checkout.
func TestGoInstallRecordsTheVersion(t *testing.T) {
	skipUnderRace(t)
	if testing.Short() {
		t.Skip("builds through a module proxy")
	}
	const mod, version = "github.com/gdlint/gdlint", "v1.2.3"
	proxy := t.TempDir()
	dir := filepath.Join(proxy, mod, "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"list": version + "\n", version + ".info": `{"Version":"` + version + `"}`, version + ".mod": string(gomod)}
	for name, body := range files {
		write(t, filepath.Join(dir, name), []byte(body))
	}
	z, err := os.Create(filepath.Join(dir, version+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	if err := zip.CreateFromDir(z, module.Version{Path: mod, Version: version}, "../.."); err != nil {
		t.Fatal(err)
	}
	z.Close()
	out, err := exec.Command("go", "env", "GOPROXY").Output()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	install := exec.Command("go", "install", mod+"/cmd/gdlint@"+version)
	install.Dir = t.TempDir()
	// The made-up version is in no checksum database: GOSUMDB=off.
	install.Env = append(os.Environ(), "GOBIN="+bin, "GOFLAGS=", "GOSUMDB=off",
		"GOPROXY=file://"+filepath.ToSlash(proxy)+","+strings.TrimSpace(string(out)))
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install: %v\n%s", err, out)
	}
	got, err := exec.Command(filepath.Join(bin, "gdlint"), "--version").Output()
	if err != nil || strings.TrimSpace(string(got)) != "gdlint "+version {
		t.Errorf("--version: %q, %v", got, err)
	}
	ws := t.TempDir()
	write(t, filepath.Join(ws, "a.tf"), []byte(goodTF))
	sarif := exec.Command(filepath.Join(bin, "gdlint"), "-f", "sarif", "--fail-on", "never", "a.tf")
	sarif.Dir = ws
	if out, err := sarif.Output(); err != nil || !strings.Contains(string(out), `"version":"1.2.3","semanticVersion":"1.2.3"`) ||
		!strings.Contains(string(out), "/blob/v1.2.3/docs/rules/GDL001.md") {
		t.Errorf("SARIF does not carry v1.2.3 (%v): %.400s", err, out)
	}
}
