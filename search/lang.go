package search

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/techmatch/techmatch/data"
)

// detectLimit caps the bytes DetectLanguage reads: the start of a text tells
// its language as well as the whole.
const detectLimit = 8 << 10

// DetectLanguage guesses the language of text from cheap clues and returns
// "vi", "ko", "ja", "en", "fr", "de", or "" when the text is empty or its
// language is none of these or cannot be told (Chinese and kanji-only text
// is "", since Han characters alone do not separate Chinese from Japanese).
//
// Scripts decide first: Hangul means Korean and Kana Japanese, unless Latin
// text outweighs them (a Hangul syllable counts as three Latin letters). In
// Latin text, Vietnamese shows in its letters (ă đ ơ ư, tone marks such as ả
// ạ ế) and, typed without diacritics, in its syllables: most words of
// "xu ly nuoc thai cho nha may" are frequent Vietnamese syllables, which
// English words rarely are. English function words that are also Vietnamese
// syllables ("the", "to", "may") count for neither. French and German show in
// their function words and letters; other Latin text is English. Acronyms
// (IoT, ERP) and numbers count for no language.
func DetectLanguage(text string) string {
	if len(text) > detectLimit {
		cut := detectLimit
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "")
	}
	// NFC so that decomposed Vietnamese letters and Hangul jamo count as the
	// letters they spell.
	text = norm.NFC.String(text)

	var hangul, kana, han, latin, upper, other int
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			kana++
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Latin, r):
			latin++
			if unicode.IsUpper(r) {
				upper++
			}
		case unicode.IsLetter(r):
			other++
		}
	}
	switch {
	case hangul > 0 && hangul >= kana && 3*hangul >= latin:
		return "ko"
	case kana > 0 && 3*(kana+han) >= latin:
		return "ja"
	case han > 0 && 3*han >= latin:
		return ""
	case latin == 0 || other > latin:
		return ""
	}
	// In text written in capitals every word looks like an acronym.
	return detectLatin(text, 2*upper > latin)
}

// latinCounts tallies the clues in the words of a Latin text.
type latinCounts struct {
	words      int // words that count for or against Vietnamese
	vi         int // words that are Vietnamese for sure or very likely
	viMaybe    int // words spelled like a Vietnamese syllable, but not a frequent one
	viLetter   int // words with a letter only Vietnamese uses
	en, fr, de int
}

func detectLatin(text string, shouting bool) string {
	var c latinCounts
	for _, w := range latinWords(text) {
		c.add(w, shouting)
	}
	switch {
	case c.vi == 0:
	// Half or more of the words Vietnamese, a likely syllable counting half.
	case 2*c.vi+c.viMaybe > c.words:
		return "vi"
	// Vietnamese letters in text mixed with foreign terms ("nền tảng cloud
	// cho logistics"), as long as no English function word argues against.
	case c.viLetter > 0 && 10*c.vi >= 3*c.words && c.en == 0:
		return "vi"
	}
	switch {
	case c.fr >= 2 && c.fr > c.en && c.fr >= c.de:
		return "fr"
	case c.de >= 2 && c.de > c.en && c.de > c.fr:
		return "de"
	}
	return "en"
}

func (c *latinCounts) add(w string, shouting bool) {
	if !shouting && countUpper(w) > 1 {
		return // an acronym or a product name: IoT, ERP, VietGAP
	}
	lw := strings.ToLower(w)
	fw := data.Fold(lw)
	if strings.ContainsAny(lw, "çœæîïûëÿ") {
		c.fr++
	}
	if strings.ContainsAny(lw, "äöüß") {
		c.de++
	}
	stopWord := false
	if frStop[lw] {
		c.fr++
		stopWord = true
	}
	if deStop[lw] {
		c.de++
		stopWord = true
	}
	if enStop[lw] {
		c.en++
		stopWord = true
	}
	strong := hasVietnameseLetter(lw)
	valid := viSyllable.MatchString(fw)
	if !strong && valid && (stopWord || lw == fw && viNeutral[fw]) {
		return // the, to, may, de, la: common in both languages
	}
	c.words++
	switch {
	case strong:
		c.viLetter++
		c.vi++
	case !valid:
	case lw != fw || viCommon[fw]:
		// A Vietnamese syllable with a diacritic (nhà, máy), or a frequent one.
		c.vi++
	default:
		c.viMaybe++
	}
}

// latinWords splits text into runs of Latin letters.
func latinWords(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.Is(unicode.Latin, r)
	})
}

func countUpper(w string) int {
	n := 0
	for _, r := range w {
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n
}

// hasVietnameseLetter reports whether lower-case w holds a letter that only
// Vietnamese uses among the languages we tell apart: ă đ ĩ ơ ũ ư and the
// letters with stacked or Vietnamese-only tone marks (ả ạ ấ ế ộ ữ ...), which
// Unicode keeps together in Latin Extended Additional.
func hasVietnameseLetter(w string) bool {
	for _, r := range w {
		switch {
		case r == 'ă', r == 'đ', r == 'ĩ', r == 'ơ', r == 'ũ', r == 'ư':
			return true
		case r >= 0x1EA0 && r <= 0x1EF9:
			return true
		}
	}
	return false
}

// viSyllable matches a folded word that Vietnamese spelling allows as a
// syllable: an optional initial consonant, an optional glide, a vowel and an
// optional final. It is loose (it accepts some sequences no word uses) but
// rejects most English words: consonant clusters (str, nd), finals such as
// s, r, l, d, and the letters f, j, w, z.
var viSyllable = regexp.MustCompile(
	`^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[ou]?(ie|ye|uo|ua|ia|ya|a|e|i|o|u|y)(ch|ng|nh|[cmnpt]|[iouy])?$`)

// viCommon holds frequent Vietnamese syllables, folded, that are rare as
// English, French or German words in technical text. The last lines are
// frequent syllables that are also English words seldom used in it (hàng and
// "hang", thông tin and "tin", giám sát and "sat"); words common in both, like
// chat, dam, ton or bay, are left out.
var viCommon = wordSet(`
va cac thong dung cong tu cua quan ly tai phan voi dong nhan cho giai nghiep
ung nang lieu dien doanh toi ho mot phap qua doi duoc dang vu khach giup su
hoa van kiem thu chuyen chung san trien chinh dich mem tinh thiet trong chi
cap luong theo tren tro trinh nguoi don thoi viec nha nhieu hien thanh gia
phat cung thuong nhu tich toan cao khong dau tac tang thuc minh nhung noi ky
dat nghe bang xuat gian vi nhat ke quy hieu ra cau ket tien khai hoac moi
hanh viet kinh nen tieu phu mang tao trang nam tuyen xac phong ca chong lon
hon nghiem hinh khi cu ve bo tri tim hoc khac anh ty nhanh dinh xu vien phi
giam vao mo chuc hoi nay truc nuoc ngan trung chuan tuong chu lan hoat suat
sau mua loai muc ngay che truong thi tung dua sinh cang kien cach uu huong
tot giao tra danh xa luu lam luc xay mau lich dap phieu lai tiet khoang pham
trich tay loi nhau xe bien doan tru tong gom tiem phai tau muon kha ngoai
kho phuong tham quyet cuu thoai lien thieu nhap giay hoach truoc nong benh
hai pho phuc sua gioi canh gay truy thap cai cay tap diem thuat loc tiep
giua tach ngu chien nguon tieng gio gui chay chua hay phep tuy truyen boi
quyen tuc dieu dao chia se bieu linh khau yeu khoi cuc giong buoc trai kem
cham suc luot moc thay thuoc nhuom lua rong soat vach hiem phoi biet nghien sach
hang ban tin hop sat lap mat sang tan lo ma te tam dan tat mai cot sot
sao cay lac bac goi ghi muon ap boc bat
`)

// viNeutral holds words common both as Vietnamese syllables and in English,
// French or German text; they count for no language.
var viNeutral = wordSet(`
a an at be bi can chan co da day de di do du en et he in it la le li long
man may me no o on ou que qui rat si so than that the them then to up yet
`)

// Function words of English, French and German. The English list leaves out
// words that are also Vietnamese syllables (viNeutral).
var (
	enStop = wordSet(`
of and for with from is are or as this these those by we our you your they
their was were will has have not which into its such been would should
about using based over more other also what when who how
`)
	frStop = wordSet(`
le la les de des du un une et est en dans pour par sur avec au aux ce cette
ces qui que pas sont nous vous il elle ils leur leurs plus ou où à été être
son sa ses notre nos votre mais comme peut entre sans très
`)
	deStop = wordSet(`
der die das und ist mit für von zu den dem des ein eine einer eines einem
nicht auf im sich auch werden wird wir sie es bei oder aus nach über zur zum
dass sind kann durch vom wie noch nur unsere ihre
`)
)

func wordSet(words string) map[string]bool {
	set := make(map[string]bool)
	for _, w := range strings.Fields(norm.NFC.String(words)) {
		set[w] = true
	}
	return set
}
