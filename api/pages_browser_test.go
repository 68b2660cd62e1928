package api_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdpage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// One headless Chromium serves every browser test of this package: it is
// started by the first test that needs it and stopped by TestMain. Each
// test gets its own browser context (its own cookies), like a separate
// person.
var chrome struct {
	once   sync.Once
	ctx    context.Context
	cancel func()
	err    error
	dir    string
}

func TestMain(m *testing.M) {
	code := m.Run()
	if chrome.cancel != nil {
		chrome.cancel()
	}
	if chrome.dir != "" {
		os.RemoveAll(chrome.dir)
	}
	os.Exit(code)
}

// chromiumPath finds Debian's chromium (or another Chrome) on this machine.
func chromiumPath() string {
	if p := os.Getenv("TECHMATCH_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserTab opens a new tab in a fresh browser context, sized like a
// desktop screen, and closes it at the end of the test.
func browserTab(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("TECHMATCH_REQUIRE_TOOLS") != "" {
			// CI installs chromium: not finding it there is a broken
			// install step, not a reason to skip.
			t.Fatal("no Chromium found and TECHMATCH_REQUIRE_TOOLS is set")
		}
		t.Skip("no Chromium found (install Debian's chromium, or set TECHMATCH_CHROMIUM): browser tests skipped")
	}
	chrome.once.Do(func() {
		chrome.dir, chrome.err = os.MkdirTemp("", "techmatch-chromium-")
		if chrome.err != nil {
			return
		}
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(path),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.NoDefaultBrowserCheck,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.UserDataDir(chrome.dir),
			chromedp.WindowSize(1280, 900),
		}
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(alloc)
		chrome.ctx = ctx
		chrome.cancel = func() { cancelCtx(); cancelAlloc() }
		chrome.err = chromedp.Do(ctx) // starts the browser
	})
	if chrome.err != nil {
		t.Fatalf("start Chromium at %s: %v", path, chrome.err)
	}
	ctx, cancel := chromedp.NewContext(chrome.ctx, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// b wraps a tab with the test, so each step fails the test with its name.
type b struct {
	t   *testing.T
	ctx context.Context
	url string
}

func (x b) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	x.t.Helper()
	if err := chromedp.Do(x.ctx, steps...); err != nil {
		x.t.Fatalf("%s: %v", what, err)
	}
}

// open loads a page and waits for it.
func (x b) open(path string) {
	x.t.Helper()
	x.do("open "+path, chromedp.Navigate(x.url+path), chromedp.WaitReady(chromedp.CSS("footer")))
}

// submit clicks a button that sends a form and waits for the next page.
func (x b) submit(sel string) {
	x.t.Helper()
	if _, err := chromedp.Run(x.ctx, chromedp.WaitEvent(cdpage.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel)))); err != nil {
		x.t.Fatalf("submit %s: %v", sel, err)
	}
	x.do("wait for the page", chromedp.WaitReady(chromedp.CSS("footer")))
}

// click follows a link and waits for the next page.
func (x b) click(sel string) { x.t.Helper(); x.submit(sel) }

func (x b) text(sel string) string {
	x.t.Helper()
	s, err := chromedp.Run(x.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		x.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func (x b) location() string {
	x.t.Helper()
	s, err := chromedp.Run(x.ctx, chromedp.Location())
	if err != nil {
		x.t.Fatal(err)
	}
	return strings.TrimPrefix(s, x.url)
}

func (x b) eval(js string) string {
	x.t.Helper()
	s, err := chromedp.Run(x.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		x.t.Fatalf("eval %s: %v", js, err)
	}
	return s
}

func (x b) mustSee(sel string, want ...string) {
	x.t.Helper()
	got := x.text(sel)
	for _, w := range want {
		if !strings.Contains(got, w) {
			x.t.Fatalf("%s at %s does not show %q; it shows:\n%s", sel, x.location(), w, clipText(got, 1500))
		}
	}
}

func clipText(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// shot saves a full-page screenshot at desktop and phone (390 px) widths
// under the test's temp dir, and under TECHMATCH_SCREENSHOTS when set.
func (x b) shot(name string) {
	x.t.Helper()
	dirs := []string{filepath.Join(shotDir(x.t), "screenshots")}
	if d := os.Getenv("TECHMATCH_SCREENSHOTS"); d != "" {
		dirs = append(dirs, d)
	}
	for _, size := range []struct {
		tag  string
		w, h int64
		mob  bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		opts := []chromedp.EmulateViewportOption{}
		if size.mob {
			opts = append(opts, chromedp.EmulateMobile)
		}
		x.do("viewport", chromedp.EmulateViewport(size.w, size.h, opts...))
		png, err := chromedp.Run(x.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			x.t.Fatalf("screenshot %s: %v", name, err)
		}
		for _, d := range dirs {
			if err := os.MkdirAll(d, 0o755); err != nil {
				x.t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(d, name+"-"+size.tag+".png"), png, 0o644); err != nil {
				x.t.Fatal(err)
			}
		}
	}
	x.do("viewport", chromedp.EmulateViewport(1280, 900))
}

var shotDirs sync.Map

func shotDir(t *testing.T) string {
	root := t
	if d, ok := shotDirs.Load(root.Name()); ok {
		return d.(string)
	}
	d := t.TempDir()
	shotDirs.Store(root.Name(), d)
	return d
}

func TestBrowser_VisitorFindsVietnameseOfferWithoutDiacritics(t *testing.T) {
	ts := mustStartDemo(t)
	x := b{t: t, ctx: browserTab(t), url: ts.URL}
	x.open("/")
	x.mustSee("h1", "Find the technology partner that fits")
	x.shot("home")
	// Typed as on a phone: no diacritics.
	x.do("type", chromedp.SendKeys(chromedp.CSS("#home-q"), "mo phong lai cau"))
	x.submit(`.search.big button:not(.secondary)`)
	if loc := x.location(); !strings.HasPrefix(loc, "/offers?") {
		t.Fatalf("search went to %s", loc)
	}
	x.mustSee(".results", "Phần mềm mô phỏng huấn luyện lái cẩu bờ STS và cẩu khung RTG")
	if marks := x.eval(`String(document.querySelectorAll('.results mark').length)`); marks == "0" {
		t.Fatal("no highlighted words in the results")
	}
	x.mustSee(".facets", "Port operations and terminals", "Vietnam")
	x.shot("search-offers")
	x.click(`.results a[href^="/offers/"]`)
	x.mustSee("article.record", "Phần mềm mô phỏng huấn luyện lái cẩu bờ STS và cẩu khung RTG", "Trường Đại học Kỹ thuật Hàng hải Hải Phòng", "TRL 7")
	x.mustSee(".best", "Needs this offer can serve")
	x.shot("offer")

	t.Run("Vietnamese", func(t *testing.T) {
		x := b{t: t, ctx: x.ctx, url: x.url}
		x.click(`a.lang`)
		x.mustSee("h2#best-h", "Nhu cầu mà công nghệ này đáp ứng được")
		if lang := x.eval(`document.documentElement.lang`); lang != "vi" {
			t.Fatalf("lang %q", lang)
		}
		x.open("/needs?q=dien+bo")
		x.mustSee(".results", "điện bờ")
		x.shot("search-needs-vi")
	})
}

func TestBrowser_EnterprisePostsNeedAndSeesMatches(t *testing.T) {
	ts := mustStartDemo(t)
	x := b{t: t, ctx: browserTab(t), url: ts.URL}
	x.open("/signin")
	x.shot("signin")
	x.do("token", chromedp.SendKeys(chromedp.CSS("#token"), "demo-sao-bien-port"))
	x.submit(`form.form button[type=submit]`)
	if loc := x.location(); loc != "/my" {
		t.Fatalf("after sign in: %s", loc)
	}
	// A Vietnamese organization gets Vietnamese pages.
	x.mustSee("main", "Công ty CP Cảng Container Sao Biển Đình Vũ", "Đăng nhu cầu")
	x.shot("my")

	x.click(`a[href="/my/needs/new"]`)
	x.mustSee("h1", "Đăng nhu cầu công nghệ")
	// First with mistakes: a title too short, a country that does not exist.
	x.do("fill", chromedp.SetValue(chromedp.CSS("#in-title"), "Tủ"),
		chromedp.SetValue(chromedp.CSS("#in-description"), "Cần giải pháp cấp điện bờ cho tàu container tại cầu cảng, biến tần 50/60 Hz, trung thế 6,6 kV."),
		chromedp.SetValue(chromedp.CSS("#in-markets"), "VN, Narnia"),
		chromedp.SetValue(chromedp.CSS("#in-budget-min"), "900000"),
		chromedp.SetValue(chromedp.CSS("#in-budget-max"), "100"))
	x.submit(`.form-actions button[type=submit]`)
	x.mustSee("#f-in-title .field-error", "phải dài ít nhất 3 ký tự")
	x.mustSee("#f-in-markets .field-error", "mục 2:", "mã quốc gia")
	x.mustSee("#f-in-budget-max .field-error", "ngân sách tối thiểu")
	x.mustSee(".problem", "Một số trường cần sửa")
	if v := x.eval(`document.querySelector('#in-description').value`); !strings.Contains(v, "biến tần 50/60 Hz") {
		t.Fatalf("the description typed is lost: %q", v)
	}
	if v := x.eval(`document.querySelector('#in-markets').value`); v != "VN, Narnia" {
		t.Fatalf("the markets typed are lost: %q", v)
	}
	x.shot("need-form-errors")

	x.do("fix", chromedp.SetValue(chromedp.CSS("#in-title"), "Cấp điện bờ cho tàu container tại cầu cảng"),
		chromedp.SetValue(chromedp.CSS("#in-keywords"), "điện bờ, shore power, biến tần"),
		chromedp.SetValue(chromedp.CSS("#in-markets"), "VN"),
		chromedp.SetValue(chromedp.CSS("#in-budget-max"), "2500000"),
		chromedp.SetValue(chromedp.CSS("#in-budget-currency"), "usd"),
		chromedp.SetValue(chromedp.CSS("#in-min_trl"), "7"),
		chromedp.Click(chromedp.CSS(`input[name=sectors][value="energy.grid"]`)),
		chromedp.Click(chromedp.CSS(`input[name=cooperation][value="commercial_agreement"]`)))
	x.submit(`.form-actions button[type=submit]`)
	if loc := x.location(); !strings.HasPrefix(loc, "/needs/") {
		t.Fatalf("after posting: %s (%s)", loc, clipText(x.text("main"), 800))
	}
	x.mustSee(".flash", "Đã đăng")
	x.mustSee("article.record", "Cấp điện bờ cho tàu container tại cầu cảng", "2.500.000 USD")
	// Its matches include English offers, each with its reasons.
	x.mustSee(".best", "High-voltage shore connection", "Énergie Quai SAS", "Cùng đề cập", "TRL")
	if n := x.eval(`String(document.querySelectorAll('.best .match .reasons li').length)`); n == "0" {
		t.Fatal("matches without reasons")
	}
	x.shot("need-matches-vi")
	x.click(`a.lang`)
	x.mustSee(".best", "Best matching offers", "High-voltage shore connection", "Shares", "Strong fit")
	x.shot("need-matches-en")

	x.open("/my/matches")
	x.mustSee("main", "My matches", "Cấp điện bờ cho tàu container tại cầu cảng")
	x.shot("my-matches")
}

func TestBrowser_ScriptInTitleIsText(t *testing.T) {
	ts := mustStartDemo(t)
	x := b{t: t, ctx: browserTab(t), url: ts.URL}
	x.open("/signin")
	x.do("token", chromedp.SendKeys(chromedp.CSS("#token"), "demo-sao-bien-port"))
	x.submit(`form.form button[type=submit]`)
	x.open("/my/offers/new")
	title := `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> Bộ lọc khí thải`
	x.do("fill", chromedp.SetValue(chromedp.CSS("#in-title"), title),
		chromedp.SetValue(chromedp.CSS("#in-description"), `Lọc khí thải <b onmouseover=alert(1)>lò hơi</b>`))
	x.submit(`.form-actions button[type=submit]`)
	x.mustSee("article.record h1", title)
	if v := x.eval(`String(window.__pwned)`); v != "undefined" {
		t.Fatalf("user text ran as script: window.__pwned = %s", v)
	}
	if n := x.eval(`String(document.querySelectorAll('main script, main img, article b').length)`); n != "0" {
		t.Fatalf("user text became %s elements", n)
	}
	x.open("/offers?q=bo+loc+khi+thai")
	x.mustSee(".results", "<script>window.__pwned=1</script>")
	if v := x.eval(`String(window.__pwned)`); v != "undefined" {
		t.Fatalf("a search snippet ran as script: %s", v)
	}
}

func TestBrowser_CrossSiteFormIsRefused(t *testing.T) {
	ts := mustStartDemo(t)
	x := b{t: t, ctx: browserTab(t), url: ts.URL}
	x.open("/signin")
	x.do("token", chromedp.SendKeys(chromedp.CSS("#token"), "demo-sao-bien-port"))
	x.submit(`form.form button[type=submit]`)
	before, _ := ts.Store.Stats()

	// Another site (another origin on this machine) posts a form to ours,
	// with the signed-in visitor's cookies and a made-up token.
	evil := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><body><form id="f" method="post" action="%s/my/needs/new">
<input name="title" value="Posted by another site"><input name="status" value="published"><input name="_csrf" value="made-up">
<button id="go">go</button></form><footer></footer></body></html>`, ts.URL)
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go evil.Serve(ln)
	defer evil.Close()
	x.do("open the other site", chromedp.Navigate("http://"+ln.Addr().String()+"/"), chromedp.WaitReady(chromedp.CSS("#go")))
	x.submit("#go")
	x.mustSee("main", "403", "Biểu mẫu này bị từ chối")
	x.shot("csrf-refused")
	if after, _ := ts.Store.Stats(); after.Needs != before.Needs {
		t.Fatal("the cross-site form wrote a need")
	}
}
