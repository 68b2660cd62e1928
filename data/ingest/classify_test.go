package ingest

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/techmatch/techmatch/data"
)

func TestClassifyRules(t *testing.T) {
	children := map[string]bool{}
	for _, s := range data.Sectors() {
		if s.Parent != "" {
			children[s.Code] = true
			if len(sectorTerms[s.Code]) < 10 {
				t.Errorf("sector %s has %d terms, want at least 10", s.Code, len(sectorTerms[s.Code]))
			}
		}
	}
	for code, terms := range sectorTerms {
		if !children[code] {
			t.Errorf("sectorTerms has %q, not a child sector of the taxonomy", code)
		}
		seen := map[string]bool{}
		for _, term := range terms {
			bare := strings.TrimSuffix(strings.TrimPrefix(term, "~"), "*")
			toks := foldTokens(bare)
			if len(toks) == 0 {
				t.Errorf("%s: term %q has no words", code, term)
				continue
			}
			key := strings.Join(toks, " ")
			if strings.HasSuffix(term, "*") {
				key += "*"
				if utf8.RuneCountInString(toks[len(toks)-1]) < 3 {
					t.Errorf("%s: prefix term %q is too short", code, term)
				}
			}
			if seen[key] {
				t.Errorf("%s: term %q listed twice", code, term)
			}
			seen[key] = true
		}
	}
}

func TestClassifyInferSectors(t *testing.T) {
	tests := []struct {
		name               string
		title, description string
		keywords           []string
		first              string   // expected best sector, "" for none
		has                []string // sectors that must be among the result
	}{
		// English
		{"port crane", "Automated container crane control for seaport terminals",
			"Cuts crane cycle time at the quay and raises berth productivity.", nil, "maritime.ports", nil},
		{"battery recycling", "Recycling spent lithium-ion batteries",
			"A hydrometallurgical recycling route for battery cathode scrap.", nil, "", []string{"energy.storage", "environment.waste"}},
		{"skin cancer AI", "Deep learning app for early detection of skin cancer in smartphone photos",
			"A neural network trained on dermatology images gives an early diagnosis.", nil, "", []string{"ict.ai", "health.diagnostics"}},
		{"offshore wind", "Floating foundation for offshore wind turbines", "Lowers the cost of deep-water wind farms.", nil, "energy.renewable", nil},
		{"dye wastewater", "Membrane bioreactor for dyeing effluent", "Treats wastewater from textile mills so the water can be reused.",
			[]string{"wastewater treatment"}, "environment.water", nil},
		{"rice drone", "Drone spraying of fertiliser over rice paddies", "Farmers cover a hectare of crops in ten minutes.", nil, "", []string{"agrifood.agriculture"}},
		{"shrimp ponds", "Water quality sensors for shrimp ponds", "Dissolved oxygen and pH readings sent to the farmer's phone.", nil, "", []string{"agrifood.aquaculture", "electronics.sensors"}},
		{"ransomware", "Ransomware detection for hospital networks", "Spots malware before it encrypts patient records; an intrusion detection appliance.",
			[]string{"cybersecurity"}, "ict.security", nil},
		{"green cement", "Low-carbon cement with fly ash", "Cuts the CO2 emissions of concrete by a third.", nil, "", []string{"materials.construction", "environment.air"}},
		{"metal printing", "Metal 3D printing of turbine blades", "Additive manufacturing of nickel alloy parts.", nil, "manufacturing.additive", nil},
		{"keywords count", "Novel approach", "", []string{"Electric vehicles", "Charging stations"}, "", []string{"transport.automotive", "energy.grid"}},
		{"AI in capitals", "AI for container yard planning", "", nil, "", []string{"ict.ai", "maritime.ports"}},
		// Vietnamese with diacritics
		{"vi wastewater", "Hệ thống giám sát chất lượng nước thải khu công nghiệp", "Cảnh báo khi nước thải vượt ngưỡng cho phép.", nil, "environment.water", nil},
		{"vi shipyard robot", "Robot hàn tự động cho nhà máy đóng tàu", "Hàn vỏ tàu nhanh và đều hơn thợ hàn thủ công.", nil, "", []string{"maritime.shipbuilding", "manufacturing.automation"}},
		{"vi warehouse", "Phần mềm quản lý kho hàng và giao hàng chặng cuối", "", nil, "", []string{"maritime.logistics", "ict.software"}},
		{"vi seafood", "Chế biến và bảo quản hải sản đông lạnh xuất khẩu", "", nil, "", []string{"agrifood.aquaculture", "agrifood.processing"}},
		{"vi rooftop solar", "Điện mặt trời áp mái cho nhà xưởng", "Lắp tấm pin mặt trời trên mái để giảm tiền điện.", nil, "energy.renewable", nil},
		{"vi fertilizer", "Phân bón hữu cơ vi sinh từ phụ phẩm nông nghiệp", "", nil, "agrifood.fertilizer", nil},
		// Vietnamese typed without diacritics
		{"vi plain water", "he thong xu ly nuoc thai cho nha may", "", nil, "environment.water", nil},
		{"vi plain ai", "tri tue nhan tao doc bien so xe", "", nil, "", []string{"ict.ai"}},
		{"vi plain shipbuilding", "dong tau va sua chua tau bien", "", nil, "maritime.shipbuilding", nil},
		// too little evidence
		{"empty", "", "", nil, "", nil},
		{"generic", "A company with a long history", "We value our customers and deliver on time.", nil, "", nil},
		{"vi common words", "Càng ngày càng tốt", "Ai cũng có thể dùng, giải pháp cho mọi người.", nil, "", nil},
		{"building blocks", "Building blocks for teaching", "", nil, "", nil},
	}
	for _, tt := range tests {
		got := InferSectors(tt.title, tt.description, tt.keywords)
		if len(got) > maxInferred {
			t.Errorf("%s: %d sectors %v, want at most %d", tt.name, len(got), got, maxInferred)
		}
		for _, c := range got {
			if s, ok := data.LookupSector(c); !ok || s.Parent == "" {
				t.Errorf("%s: %q is not a child sector", tt.name, c)
			}
		}
		if tt.first == "" && tt.has == nil && got != nil {
			t.Errorf("%s: InferSectors = %v, want none", tt.name, got)
			continue
		}
		if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
			t.Errorf("%s: InferSectors = %v, want %s first", tt.name, got, tt.first)
		}
		for _, c := range tt.has {
			if !slices.Contains(got, c) {
				t.Errorf("%s: InferSectors = %v, want it to include %s", tt.name, got, c)
			}
		}
	}
}

func normStrings(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// classifyCorpus runs InferSectors on every record and returns how many got
// a sector and how many records carry each sector.
func classifyCorpus(recs []map[string]any) (labelled int, perSector map[string]int) {
	perSector = map[string]int{}
	for _, r := range recs {
		title, _ := r["title"].(string)
		desc, _ := r["description"].(string)
		got := InferSectors(title, desc, normStrings(r["keywords"]))
		if len(got) > 0 {
			labelled++
		}
		for _, c := range got {
			perSector[c]++
		}
	}
	return labelled, perSector
}

func logSectorDistribution(t *testing.T, name string, n, labelled int, perSector map[string]int) {
	t.Helper()
	codes := make([]string, 0, len(perSector))
	for c := range perSector {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool {
		if perSector[codes[i]] != perSector[codes[j]] {
			return perSector[codes[i]] > perSector[codes[j]]
		}
		return codes[i] < codes[j]
	})
	var b strings.Builder
	for _, c := range codes {
		fmt.Fprintf(&b, "\n  %-28s %5d %6.1f%%", c, perSector[c], 100*float64(perSector[c])/float64(n))
	}
	t.Logf("%s: %d records, %d (%.1f%%) with a sector; records per sector:%s",
		name, n, labelled, 100*float64(labelled)/float64(n), b.String())
}

// The real corpus carries no sectors: at least 60% of its records should
// get one, and no sector may swallow more than 40% of them.
func TestClassifyCorpus(t *testing.T) {
	files := []string{"offers_extra.jsonl", "offers.jsonl", "needs.jsonl"}
	for _, name := range files {
		recs := normReadCorpus(t, normCorpusPath(t, name))
		labelled, perSector := classifyCorpus(recs)
		n := len(recs)
		logSectorDistribution(t, name, n, labelled, perSector)
		if share := float64(labelled) / float64(n); share < 0.60 {
			t.Errorf("%s: only %.1f%% of records get a sector, want at least 60%%", name, 100*share)
		}
		for c, k := range perSector {
			if share := float64(k) / float64(n); share > 0.40 {
				t.Errorf("%s: sector %s is on %.1f%% of records, want at most 40%%", name, c, 100*share)
			}
		}
	}
	if p := filepath.Join("..", "..", "..", "shared", "eval-dev", "vi_needs.jsonl"); normFileExists(p) {
		recs := normReadCorpus(t, p)
		labelled, perSector := classifyCorpus(recs)
		logSectorDistribution(t, "vi_needs.jsonl", len(recs), labelled, perSector)
		if labelled < len(recs)*8/10 {
			t.Errorf("vi_needs.jsonl: %d of %d Vietnamese needs get a sector, want at least 80%%", labelled, len(recs))
		}
	}
}
