package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// The GitHub Action is tested by running its steps as a runner would:
// inputs with their defaults, ${{ }} expressions, if: conditions (with the
// implicit success()), one GITHUB_OUTPUT file per step, GITHUB_STEP_SUMMARY,
// and `bash --noprofile --norc -eo pipefail` for run steps. Steps that use
// other actions are recorded, not run: setup-go (Go is already here) and
// upload-sarif (checked for its inputs).

type actionFile struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	Name             string            `yaml:"name"`
	ID               string            `yaml:"id"`
	If               string            `yaml:"if"`
	Uses             string            `yaml:"uses"`
	Run              string            `yaml:"run"`
	Shell            string            `yaml:"shell"`
	With             map[string]string `yaml:"with"`
	Env              map[string]string `yaml:"env"`
	WorkingDirectory string            `yaml:"working-directory"`
	ContinueOnError  bool              `yaml:"continue-on-error"`
}

// runner is the state of one simulated job.
type runner struct {
	t        *testing.T
	action   actionFile
	inputs   map[string]string
	github   map[string]string
	temp     string
	steps    map[string]map[string]string
	failed   bool
	log      bytes.Buffer // what the steps printed
	uses     []actionStep // steps that use another action, inputs evaluated
	summary  string
	outputs  map[string]string
	exitCode int
	// toolCache is RUNNER_TOOL_CACHE: GDLINT_TOOL_CACHE when a test sets
	// it (to try a cache hit across runs), else the run's own.
	toolCache string
}

// runnerOS and runnerArch are what a runner on this machine would say.
func runnerOS() string {
	return map[string]string{"linux": "Linux", "darwin": "macOS", "windows": "Windows"}[runtime.GOOS]
}

func runnerArch() string {
	return map[string]string{"amd64": "X64", "arm64": "ARM64"}[runtime.GOARCH]
}

func loadAction(t *testing.T) actionFile {
	raw, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(raw, &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q, want composite", a.Runs.Using)
	}
	return a
}

func runAction(t *testing.T, workspace string, inputs map[string]string, event map[string]string) *runner {
	skipUnderRace(t)
	actionPath, _ := filepath.Abs("../..")
	r := &runner{t: t, action: loadAction(t), inputs: map[string]string{}, temp: t.TempDir(),
		steps: map[string]map[string]string{}, outputs: map[string]string{}, toolCache: os.Getenv("GDLINT_TOOL_CACHE")}
	if r.toolCache == "" {
		r.toolCache = t.TempDir()
	}
	for k, v := range r.action.Inputs {
		r.inputs[k] = v.Default
	}
	for k, v := range inputs {
		if _, ok := r.action.Inputs[k]; !ok {
			t.Fatalf("the action has no input %q", k)
		}
		r.inputs[k] = v
	}
	r.github = map[string]string{
		"action_path": actionPath, "workspace": workspace, "event_name": "push", "repository": "acme/infra",
		"server_url": "https://github.com", "sha": testSHA,
	}
	for k, v := range event {
		r.github[k] = v
	}
	summary := filepath.Join(r.temp, "summary.md")
	for _, s := range r.action.Runs.Steps {
		cond := s.If
		if cond == "" {
			cond = "success()"
		} else if !strings.Contains(cond, "always()") && !strings.Contains(cond, "failure()") {
			cond = "success() && (" + cond + ")"
		}
		if !truthy(r.eval(cond)) {
			continue
		}
		if s.Uses != "" {
			st := s
			st.With = map[string]string{}
			for k, v := range s.With {
				st.With[k] = r.expand(v)
			}
			r.uses = append(r.uses, st)
			continue
		}
		r.runStep(s, workspace, summary)
	}
	if b, err := os.ReadFile(summary); err == nil {
		r.summary = string(b)
	}
	for k, v := range r.action.Outputs {
		r.outputs[k] = r.expand(v.Value)
	}
	return r
}

func (r *runner) runStep(s actionStep, workspace, summary string) {
	outFile := filepath.Join(r.temp, "output-"+s.ID)
	if err := os.WriteFile(outFile, nil, 0o644); err != nil {
		r.t.Fatal(err)
	}
	if s.Shell != "bash" {
		r.t.Fatalf("step %q: shell %q, want bash", s.Name, s.Shell)
	}
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s.Run)
	cmd.Dir = workspace
	if s.WorkingDirectory != "" {
		cmd.Dir = r.expand(s.WorkingDirectory)
	}
	cmd.Env = append(os.Environ(), "GITHUB_OUTPUT="+outFile, "GITHUB_STEP_SUMMARY="+summary,
		"RUNNER_TEMP="+r.temp, "GITHUB_WORKSPACE="+workspace, "GITHUB_ACTION_PATH="+r.github["action_path"], "CI=true",
		"RUNNER_OS="+runnerOS(), "RUNNER_ARCH="+runnerArch(), "RUNNER_TOOL_CACHE="+r.toolCache,
		"GITHUB_SERVER_URL="+r.github["server_url"], "GITHUB_REPOSITORY="+r.github["repository"], "GITHUB_SHA="+r.github["sha"])
	for k, v := range s.Env {
		cmd.Env = append(cmd.Env, k+"="+r.expand(v))
	}
	cmd.Stdout, cmd.Stderr = &r.log, &r.log
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			r.exitCode = ee.ExitCode()
		} else {
			r.t.Fatalf("step %q: %v", s.Name, err)
		}
		if !s.ContinueOnError {
			r.failed = true
		}
	}
	outs := map[string]string{}
	raw, _ := os.ReadFile(outFile)
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			outs[k] = v
		}
	}
	if s.ID != "" {
		r.steps[s.ID] = outs
	}
}

var exprRE = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

func (r *runner) expand(s string) string {
	return exprRE.ReplaceAllStringFunc(s, func(m string) string {
		return fmt.Sprint(r.eval(exprRE.FindStringSubmatch(m)[1]))
	})
}

// eval evaluates the subset of GitHub expressions the action uses:
// contexts, string literals, == and != (case-insensitive), !, && and ||,
// parentheses, and the status functions.
func (r *runner) eval(expr string) any {
	p := &exprParser{toks: tokenize(expr), r: r}
	v := p.or()
	if p.pos != len(p.toks) {
		r.t.Fatalf("cannot evaluate %q: stuck at %q", expr, p.toks[p.pos])
	}
	return v
}

type exprParser struct {
	toks []string
	pos  int
	r    *runner
}

func tokenize(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case unicode.IsSpace(rune(c)):
			i++
		case strings.HasPrefix(s[i:], "&&"), strings.HasPrefix(s[i:], "||"), strings.HasPrefix(s[i:], "=="), strings.HasPrefix(s[i:], "!="):
			out = append(out, s[i:i+2])
			i += 2
		case c == '(' || c == ')' || c == '!':
			out = append(out, string(c))
			i++
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			out = append(out, s[i:i+j+2])
			i += j + 2
		default:
			j := i
			for j < len(s) && (unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j])) || strings.ContainsRune("._-", rune(s[j]))) {
				j++
			}
			if j == i {
				j++
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out
}

func (p *exprParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *exprParser) or() any {
	v := p.and()
	for p.peek() == "||" {
		p.pos++
		w := p.and()
		v = truthy(v) || truthy(w)
	}
	return v
}

func (p *exprParser) and() any {
	v := p.unary()
	for p.peek() == "&&" {
		p.pos++
		w := p.unary()
		v = truthy(v) && truthy(w)
	}
	return v
}

func (p *exprParser) unary() any {
	if p.peek() == "!" {
		p.pos++
		return !truthy(p.unary())
	}
	v := p.primary()
	if op := p.peek(); op == "==" || op == "!=" {
		p.pos++
		w := p.primary()
		eq := strings.EqualFold(fmt.Sprint(v), fmt.Sprint(w))
		return eq == (op == "==")
	}
	return v
}

func (p *exprParser) primary() any {
	tok := p.peek()
	p.pos++
	switch {
	case tok == "(":
		v := p.or()
		p.pos++ // )
		return v
	case strings.HasPrefix(tok, "'"):
		return strings.Trim(tok, "'")
	case tok == "always" || tok == "success" || tok == "failure":
		p.pos += 2 // ()
		return map[string]bool{"always": true, "success": !p.r.failed, "failure": p.r.failed}[tok]
	}
	return p.r.context(tok)
}

func (r *runner) context(path string) string {
	parts := strings.Split(path, ".")
	switch parts[0] {
	case "inputs":
		return r.inputs[strings.Join(parts[1:], ".")]
	case "github":
		return r.github[strings.Join(parts[1:], ".")]
	case "runner":
		if parts[1] == "temp" {
			return r.temp
		}
	case "steps":
		if len(parts) == 4 && parts[2] == "outputs" {
			return r.steps[parts[1]][parts[3]]
		}
	}
	r.t.Fatalf("unknown context %q", path)
	return ""
}

func truthy(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		return v != ""
	}
	return false
}

func workspaceWith(t *testing.T, files map[string]string) string {
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// testSHA is the commit the simulated job runs on.
const testSHA = "0123456789abcdef0123456789abcdef01234567"

var dirtyTree = map[string]string{
	"infra/main.tf": "locals {\n  a = [\"Backdoor:EC2/XORDDOS\", \"Recon:IAMUser/TorIPCaller\"]\n}\n",
	"infra/ok.tf":   "locals {}\n",
}

func TestActionFindingsFailTheJobAfterUploading(t *testing.T) {
	ws := workspaceWith(t, dirtyTree)
	r := runAction(t, ws, nil, nil)
	if !r.failed || r.exitCode != 1 {
		t.Errorf("job failed=%v (exit %d), want a failed job with exit 1\n%s", r.failed, r.exitCode, r.log.String())
	}
	if r.outputs["findings"] != "1" || r.outputs["exit-code"] != "1" || r.outputs["sarif-file"] != "gdlint.sarif" ||
		r.outputs["errors"] != "1" || r.outputs["warnings"] != "0" || r.outputs["notes"] != "0" {
		t.Errorf("outputs = %v", r.outputs)
	}
	if !strings.Contains(r.log.String(), "::error file=infra/main.tf,line=2,endLine=2,col=9,endColumn=29,title=GDL001 retired-finding-type::Backdoor:EC2/XORDDOS was retired") {
		t.Errorf("no annotation in the log:\n%s", r.log.String())
	}
	if !strings.Contains(r.summary, "| error | GDL001 | [`infra/main.tf:2:9`](https://github.com/acme/infra/blob/"+testSHA+"/infra/main.tf#L2) |") {
		t.Errorf("summary:\n%s", r.summary)
	}
	if _, err := os.Stat(filepath.Join(ws, "gdlint.sarif")); err != nil {
		t.Errorf("no SARIF file: %v", err)
	}
	uploads := r.used("github/codeql-action/upload-sarif")
	if len(uploads) != 1 || uploads[0].With["sarif_file"] != "gdlint.sarif" || uploads[0].With["category"] != "gdlint" {
		t.Errorf("upload-sarif calls: %+v", uploads)
	}
	if len(r.used("actions/setup-go")) != 1 || !strings.HasSuffix(r.used("actions/setup-go")[0].With["go-version-file"], "/go.mod") {
		t.Errorf("setup-go not called with the action's go.mod")
	}
}

// working-directory is where path and config start; the reports still
// name files from the repository root, so annotations, the summary's links
// and SARIF land on the right files.
func TestActionWorkingDirectory(t *testing.T) {
	ws := workspaceWith(t, map[string]string{
		".git/HEAD":                 "ref: refs/heads/main\n",
		"services/a/infra/main.tf":  dirtyTree["infra/main.tf"],
		"services/a/conf.yaml":      "rules:\n  GDL001: warning\n",
		"services/b/infra/main.tf":  dirtyTree["infra/main.tf"],
		"services/a/infra/notes.md": "Recon:IAMUser/UserPermissions is gone.\n",
	})
	r := runAction(t, ws, map[string]string{
		"working-directory": "services/a", "path": "infra", "config": "conf.yaml", "upload-sarif": "false",
	}, nil)
	if r.failed || r.outputs["findings"] != "2" || r.outputs["warnings"] != "1" || r.outputs["notes"] != "1" || r.outputs["errors"] != "0" {
		t.Errorf("failed=%v outputs=%v\n%s", r.failed, r.outputs, r.log.String())
	}
	if !strings.Contains(r.log.String(), "::warning file=services/a/infra/main.tf,line=2,") || strings.Contains(r.log.String(), "services/b") {
		t.Errorf("annotations do not name the file from the repository root:\n%s", r.log.String())
	}
	if !strings.Contains(r.summary, "](https://github.com/acme/infra/blob/"+testSHA+"/services/a/infra/main.tf#L2) |") {
		t.Errorf("summary:\n%s", r.summary)
	}
	sarif, err := os.ReadFile(filepath.Join(ws, "gdlint.sarif"))
	if err != nil || !strings.Contains(string(sarif), `"uri":"services/a/infra/main.tf"`) {
		t.Errorf("SARIF in the workspace, with repository paths: %v", err)
	}
}

// The annotations' notice and the job summary agree on how many findings
// the summary lists, and the summary lists them errors first.
func TestActionSummaryAndNoticeAgree(t *testing.T) {
	var b strings.Builder
	b.WriteString("# Recon:IAMUser/UserPermissions\nlocals {\n")
	for i := 0; i < 12; i++ {
		b.WriteString("  a" + strconv.Itoa(i) + " = \"Backdoor:EC2/XORDDOS\"\n")
	}
	b.WriteString("}\n")
	r := runAction(t, workspaceWith(t, map[string]string{"main.tf": b.String()}), map[string]string{"upload-sarif": "false"}, nil)
	if r.outputs["findings"] != "13" || r.outputs["errors"] != "12" || r.outputs["notes"] != "1" {
		t.Errorf("outputs = %v", r.outputs)
	}
	if !strings.Contains(r.log.String(), "::notice title=gdlint::2 more errors, 0 more warnings and 0 more notes not shown as annotations (GitHub shows 10 of each per step); the job summary lists all 13 findings") {
		t.Errorf("notice:\n%s", r.log.String())
	}
	rows := regexp.MustCompile(`(?m)^\| (error|warning|note) \|`).FindAllStringSubmatch(r.summary, -1)
	if len(rows) != 13 || rows[0][1] != "error" || rows[12][1] != "note" {
		t.Errorf("summary rows (%d), want 13, errors first:\n%s", len(rows), r.summary)
	}
}

// version: source, what works before gdlint's first release, builds the
// action's own checkout with the Go that setup-go installs, and says so.
func TestActionVersionSource(t *testing.T) {
	r := runAction(t, workspaceWith(t, dirtyTree), map[string]string{"version": "source", "upload-sarif": "false"}, nil)
	if r.outputs["gdlint-version"] != "source" || r.outputs["exit-code"] != "1" || r.outputs["errors"] != "1" {
		t.Errorf("outputs = %v\n%s", r.outputs, r.log.String())
	}
	if len(r.used("actions/setup-go")) != 1 {
		t.Error("version: source needs Go: setup-go was not called")
	}
}

func TestActionFailOnNever(t *testing.T) {
	r := runAction(t, workspaceWith(t, dirtyTree), map[string]string{"fail-on": "never"}, nil)
	if r.failed || r.outputs["exit-code"] != "0" || r.outputs["findings"] != "1" {
		t.Errorf("failed=%v outputs=%v\n%s", r.failed, r.outputs, r.log.String())
	}
}

func TestActionCleanTree(t *testing.T) {
	r := runAction(t, workspaceWith(t, map[string]string{"main.tf": "locals {}\n"}), nil, nil)
	if r.failed || r.outputs["findings"] != "0" || !strings.Contains(r.summary, "No problems found in 1 file") {
		t.Errorf("failed=%v outputs=%v summary=%q\n%s", r.failed, r.outputs, r.summary, r.log.String())
	}
}

func TestActionInputs(t *testing.T) {
	ws := workspaceWith(t, map[string]string{
		"infra/main.tf":   dirtyTree["infra/main.tf"],
		"legacy/a.tf":     dirtyTree["infra/main.tf"],
		"legacy/b.tf":     dirtyTree["infra/main.tf"],
		"legacy/notes.md": "Nothing retired here.\n",
		"conf/gdlint.yml": "rules:\n  GDL001: warning\n",
	})
	// The shell must not expand the glob in args: "legacy/*.tf" would
	// become "legacy/a.tf legacy/b.tf", and b.tf a path to lint.
	r := runAction(t, ws, map[string]string{
		"path": "infra legacy", "config": "conf/gdlint.yml", "annotations": "false", "upload-sarif": "false",
		"sarif-file": "out.sarif", "args": "--exclude legacy/*.tf",
	}, nil)
	if r.failed || r.outputs["findings"] != "1" || r.outputs["sarif-file"] != "out.sarif" {
		t.Errorf("failed=%v outputs=%v\n%s", r.failed, r.outputs, r.log.String())
	}
	if strings.Contains(r.log.String(), "::warning") || !strings.Contains(r.log.String(), "infra/main.tf:2:9: warning:") {
		t.Errorf("annotations: false should print text:\n%s", r.log.String())
	}
	if len(r.used("github/codeql-action/upload-sarif")) != 0 {
		t.Error("upload-sarif: false still uploaded")
	}
}

func TestActionSkipsUploadForForks(t *testing.T) {
	r := runAction(t, workspaceWith(t, dirtyTree), nil, map[string]string{
		"event_name": "pull_request", "event.pull_request.head.repo.full_name": "someone/fork",
	})
	if len(r.used("github/codeql-action/upload-sarif")) != 0 {
		t.Error("a fork's pull request cannot upload SARIF; the step must be skipped")
	}
}

func TestActionBadArgs(t *testing.T) {
	r := runAction(t, workspaceWith(t, dirtyTree), map[string]string{"args": "--bogus"}, nil)
	if !r.failed || r.outputs["exit-code"] != "2" || len(r.used("github/codeql-action/upload-sarif")) != 0 {
		t.Errorf("failed=%v outputs=%v uploads=%d\n%s", r.failed, r.outputs, len(r.used("github/codeql-action/upload-sarif")), r.log.String())
	}
	if !strings.Contains(r.log.String(), "gdlint: unknown flag --bogus") {
		t.Errorf("log:\n%s", r.log.String())
	}
}

func (r *runner) used(action string) []actionStep {
	var out []actionStep
	for _, s := range r.uses {
		if strings.HasPrefix(s.Uses, action+"@") {
			out = append(out, s)
		}
	}
	return out
}

// TestActionScriptsPassShellcheck runs shellcheck over every run: script of
// the action (actionlint checks the workflows' scripts, not an action's).
func TestActionScriptsPassShellcheck(t *testing.T) {
	if _, err := exec.LookPath("shellcheck"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("shellcheck is not installed; .ci/run installs it")
		}
		t.Skip("shellcheck is not installed")
	}
	for _, s := range loadAction(t).Runs.Steps {
		if s.Run == "" {
			continue
		}
		cmd := exec.Command("shellcheck", "--shell=bash", "-")
		cmd.Stdin = strings.NewReader(exprRE.ReplaceAllString(s.Run, "EXPR"))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("step %q:\n%s", s.Name, out)
		}
	}
}

// The fail-on input is empty by default and then not passed, so the
// repository's .gdlint.yaml decides, as it does locally and in pre-commit;
// the step that fails the job follows gdlint's exit code and names the
// level gdlint applied.
func TestActionConfigFailOnWins(t *testing.T) {
	warned := map[string]string{
		".gdlint.yaml":  "fail-on: warning\nrules:\n  GDL001: warning\n",
		"infra/main.tf": dirtyTree["infra/main.tf"],
	}
	r := runAction(t, workspaceWith(t, warned), nil, nil)
	if !r.failed || r.outputs["exit-code"] != "1" || r.outputs["fail-on"] != "warning" {
		t.Errorf("the config's fail-on: warning did not fail the job: failed=%v outputs=%v\n%s", r.failed, r.outputs, r.log.String())
	}
	if !strings.Contains(r.log.String(), "::error title=gdlint::findings at or above fail-on (warning)") {
		t.Errorf("the failing step does not name the level gdlint applied:\n%s", r.log.String())
	}
	// The input, when set, still wins over the config.
	r = runAction(t, workspaceWith(t, warned), map[string]string{"fail-on": "error"}, nil)
	if r.failed || r.outputs["exit-code"] != "0" || r.outputs["fail-on"] != "error" {
		t.Errorf("fail-on: error did not win over the config: failed=%v outputs=%v\n%s", r.failed, r.outputs, r.log.String())
	}
}

// gitWorkspace is a repository with one commit holding base, and head
// written over it (uncommitted is enough: the diff is against the work
// tree); it returns the workspace and the base commit.
func gitWorkspace(t *testing.T, base, head map[string]string) (string, string) {
	t.Helper()
	ws := workspaceWith(t, base)
	git := func(args ...string) string {
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = ws
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q", ".")
	git("add", "-A")
	git("commit", "-q", "-m", "base")
	sha := git("rev-parse", "HEAD")
	for name, body := range head {
		if err := os.WriteFile(filepath.Join(ws, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("add", "-A")
	git("commit", "-q", "-m", "head")
	return ws, sha
}

// Under only-new the annotations, the summary and the exit code are the
// pull request's lines, but the SARIF uploaded to code scanning is the
// whole analysis: code scanning compares whole analyses of a category,
// and an alert missing from one is closed as fixed.
func TestActionOnlyNewKeepsSARIFWhole(t *testing.T) {
	ws, base := gitWorkspace(t,
		map[string]string{"old.tf": "locals { a = \"Backdoor:EC2/XORDDOS\" }\n"},
		map[string]string{"new.tf": "locals { a = \"UnauthorizedAccess:EC2/TorIPCaller\" }\n"})
	r := runAction(t, ws, map[string]string{"only-new": "true"}, map[string]string{
		"event_name": "pull_request", "event.pull_request.base.sha": base,
		"event.pull_request.head.repo.full_name": "acme/infra",
	})
	if !r.failed || r.outputs["exit-code"] != "1" || r.outputs["findings"] != "1" {
		t.Errorf("failed=%v outputs=%v\n%s", r.failed, r.outputs, r.log.String())
	}
	if strings.Contains(r.log.String(), "file=old.tf") || !strings.Contains(r.log.String(), "file=new.tf") {
		t.Errorf("annotations are not the pull request's lines only:\n%s", r.log.String())
	}
	sarif, err := os.ReadFile(filepath.Join(ws, "gdlint.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{`"uri":"old.tf"`, `"uri":"new.tf"`} {
		if !bytes.Contains(sarif, []byte(f)) {
			t.Errorf("the SARIF for code scanning has no result in %s: a partial analysis closes old alerts as fixed", f)
		}
	}
	if len(r.used("github/codeql-action/upload-sarif")) != 1 {
		t.Error("the SARIF was not uploaded")
	}
}

// The SARIF one run of the action writes into the workspace is not linted
// by the next run there (a second step with its own category, or a
// self-hosted runner's kept workspace), whatever it is named: gdlint
// recognises its own report by content.
func TestActionNextRunSkipsTheSARIF(t *testing.T) {
	ws := workspaceWith(t, map[string]string{"infra/main.tf": "locals {}\n", "docs/old.md": "Backdoor:EC2/XORDDOS alerts were removed.\n"})
	first := runAction(t, ws, map[string]string{"path": "docs", "sarif-file": "docs.sarif.json", "category": "docs", "fail-on": "never"}, nil)
	if first.failed || !strings.Contains(string(mustRead(t, filepath.Join(ws, "docs.sarif.json"))), "Backdoor:EC2/XORDDOS") {
		t.Fatalf("the first run: failed=%v outputs=%v\n%s", first.failed, first.outputs, first.log.String())
	}
	second := runAction(t, ws, map[string]string{"path": ".", "fail-on": "warning"}, nil)
	// Its only finding is the note in docs/old.md, below fail-on.
	if second.failed || second.outputs["exit-code"] != "0" {
		t.Fatalf("the second run: failed=%v outputs=%v\n%s", second.failed, second.outputs, second.log.String())
	}
	log := second.log.String()
	if strings.Contains(log, "file=docs.sarif.json") || !strings.Contains(log, "docs.sarif.json: is a sarif report gdlint wrote; not linted") {
		t.Errorf("the second run linted the first run's SARIF, or skipped it silently:\n%s", log)
	}
	if second.outputs["findings"] != "1" {
		t.Errorf("findings = %s, want the one in docs/old.md", second.outputs["findings"])
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
