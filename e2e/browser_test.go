package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/coffer-s3/coffer/e2e/harness"
)

// A real browser: headless Chromium, driven by chromedriver over the
// WebDriver HTTP API, loads a page from another loopback origin that
// uploads a file with a presigned POST form, reads it back with a presigned
// GET and writes with a presigned PUT (which the browser preflights). With
// CORS configured on the bucket all three work; without it the page fails
// cleanly: the browser refuses every cross-origin answer.
func TestBrowserUploadWithCORS(t *testing.T) {
	driver := browserDriver(t)
	c := alice()

	page := newBrowserPage(t)
	withCORS := newBucket(t, c)
	must(t, putCORS(t, c, withCORS, types.CORSRule{AllowedOrigins: []string{page.origin()}, AllowedMethods: []string{"GET", "PUT", "POST"},
		AllowedHeaders: []string{"*"}, ExposeHeaders: []string{"ETag"}, MaxAgeSeconds: aws.Int32(5)}))
	res := driver.run(t, page.url(t, withCORS, "uploaded from a browser"))
	if res["error"] != nil || res["postStatus"] != float64(204) || res["getStatus"] != float64(200) ||
		res["got"] != "uploaded from a browser" || res["putStatus"] != float64(200) || res["putError"] != nil {
		t.Fatalf("page with CORS: %v", res)
	}
	if res["etag"] != quoted(md5hex([]byte("uploaded from a browser"))) {
		t.Fatalf("exposed ETag: %v", res["etag"])
	}
	if got := string(get(t, c, withCORS, "browser/hello.txt")); got != "uploaded from a browser" {
		t.Fatalf("stored by the form: %q", got)
	}
	if got := string(get(t, c, withCORS, "browser/put.json")); got != `{"from":"put"}` {
		t.Fatalf("stored by the presigned PUT: %q", got)
	}

	without := newBucket(t, c)
	res = driver.run(t, page.url(t, without, "no cors"))
	for _, k := range []string{"error", "getError", "putError"} {
		if s, _ := res[k].(string); !strings.Contains(s, "TypeError") {
			t.Errorf("page without CORS: %s = %v (all: %v)", k, res[k], res)
		}
	}
	// The browser's preflight for the PUT was refused, so the PUT never
	// happened.
	_, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: &without, Key: aws.String("browser/put.json")})
	wantErr(t, err, "NotFound", 404)
}

// browserPage serves the test page from its own origin.
type browserPage struct {
	srv   *httptest.Server
	pages map[string]string
}

func newBrowserPage(t *testing.T) *browserPage {
	p := &browserPage{pages: map[string]string{}}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := p.pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, body)
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *browserPage) origin() string { return p.srv.URL }

// url builds a page for bucket b and returns its address.
func (p *browserPage) url(t *testing.T, b, content string) string {
	ps := presigner(harness.Alice, "")
	get, err := ps.PresignGetObject(ctx(t), &s3.GetObjectInput{Bucket: &b, Key: aws.String("browser/hello.txt")})
	must(t, err)
	put, err := ps.PresignPutObject(ctx(t), &s3.PutObjectInput{Bucket: &b, Key: aws.String("browser/put.json"), ContentType: aws.String("application/json")})
	must(t, err)
	form := fields([][2]string{{"key", "browser/${filename}"}},
		signV4Form(aliceAcct, with(hour(), append(basicConds(b, "browser/"), []any{"content-length-range", 1, 1 << 20})...), time.Now()))
	cfg, _ := json.Marshal(map[string]any{"post": map[string]any{"url": shared.URL + "/" + b, "fields": form},
		"get": get.URL, "put": put.URL, "body": content})
	path := "/" + b + ".html"
	p.pages[path] = strings.Replace(browserPageHTML, "CONFIG", string(cfg), 1)
	return p.srv.URL + path
}

const browserPageHTML = `<!doctype html>
<html><head><title>upload</title></head><body><pre id="out">running</pre>
<script>
const cfg = CONFIG;
async function run() {
  const out = {};
  try {
    const fd = new FormData();
    for (const [k, v] of cfg.post.fields) fd.append(k, v);
    fd.append("file", new Blob([cfg.body], {type: "text/plain"}), "hello.txt");
    const r = await fetch(cfg.post.url, {method: "POST", body: fd});
    out.postStatus = r.status;
    out.etag = r.headers.get("ETag");
  } catch (e) { out.error = "upload: " + e; }
  try {
    const r = await fetch(cfg.get);
    out.getStatus = r.status;
    out.got = await r.text();
  } catch (e) { out.getError = "download: " + e; }
  try {
    const r = await fetch(cfg.put, {method: "PUT", headers: {"Content-Type": "application/json"}, body: '{"from":"put"}'});
    out.putStatus = r.status;
  } catch (e) { out.putError = "put: " + e; }
  document.getElementById("out").textContent = JSON.stringify(out);
  window.__result = JSON.stringify(out);
}
run();
</script></body></html>`

// webDriver is a minimal WebDriver client for one chromedriver session.
type webDriver struct {
	base, session string
	c             *http.Client
}

// browserDriver starts chromedriver and a headless Chromium session. It
// skips only when Chromium or chromedriver is not installed (.ci/run
// installs both, so CI never skips).
func browserDriver(t *testing.T) *webDriver {
	t.Helper()
	chromium := ""
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			chromium = p
			break
		}
	}
	chromedriver, err := exec.LookPath("chromedriver")
	if chromium == "" || err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("chromium or chromedriver missing in CI (chromium %q, chromedriver: %v)", chromium, err)
		}
		t.Skipf("headless browser test needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver): chromium %q, chromedriver: %v", chromium, err)
	}
	port := harness.FreePort(t)
	cmd := exec.Command(chromedriver, fmt.Sprintf("--port=%d", port))
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	must(t, cmd.Start())
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	d := &webDriver{base: fmt.Sprintf("http://127.0.0.1:%d", port), c: &http.Client{Timeout: 90 * time.Second}}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if v, err := d.call("GET", "/status", nil); err == nil {
			if m, _ := v.(map[string]any); m["ready"] == true {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("chromedriver not ready in 20s:\n%s", log.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	profile := t.TempDir()
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName": "chrome",
		"goog:chromeOptions": map[string]any{"binary": chromium, "args": []string{
			"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--disable-dev-shm-usage", "--user-data-dir=" + profile}},
	}}}
	v, err := d.call("POST", "/session", caps)
	if err != nil {
		t.Fatalf("new Chromium session: %v\nchromedriver log:\n%s", err, log.String())
	}
	m, _ := v.(map[string]any)
	d.session, _ = m["sessionId"].(string)
	if d.session == "" {
		t.Fatalf("no session id in %v", v)
	}
	t.Cleanup(func() { d.call("DELETE", "/session/"+d.session, nil) })
	return d
}

// call sends one WebDriver command and returns its "value".
func (d *webDriver) call(method, path string, body any) (any, error) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	r, err := http.NewRequest(method, d.base+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	resp, err := d.c.Do(r)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct {
		Value any `json:"value"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("%s %s: %d, undecodable answer: %v", method, path, resp.StatusCode, err)
	}
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("%s %s: %d %v", method, path, resp.StatusCode, out.Value)
	}
	return out.Value, nil
}

// run loads a page and waits for the JSON it leaves in window.__result.
func (d *webDriver) run(t *testing.T, url string) map[string]any {
	t.Helper()
	if _, err := d.call("POST", "/session/"+d.session+"/url", map[string]string{"url": url}); err != nil {
		t.Fatalf("navigate: %v", err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		v, err := d.call("POST", "/session/"+d.session+"/execute/sync", map[string]any{"script": "return window.__result || null", "args": []any{}})
		if err != nil {
			t.Fatalf("script: %v", err)
		}
		if s, ok := v.(string); ok {
			var res map[string]any
			if err := json.Unmarshal([]byte(s), &res); err != nil {
				t.Fatalf("page result %q: %v", s, err)
			}
			return res
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("page %s did not finish in 60s", url)
	return nil
}
