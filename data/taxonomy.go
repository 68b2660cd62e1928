package data

import "sort"

// Sector is one entry of techmatch's sector taxonomy: a two-level tree of
// codes shared by records, search filters and matching. A parent code
// ("energy") matches all of its children ("energy.storage") in filters, and
// two records under the same parent count as a partial sector overlap.
type Sector struct {
	Code   string `json:"code"`
	Parent string `json:"parent,omitempty"` // "" for a top-level sector
	EN     string `json:"en"`
	VI     string `json:"vi"`
}

// sectors is the taxonomy. Add codes at the end of a group; never rename a
// code that records may already carry.
var sectors = []Sector{
	{"maritime", "", "Maritime, ports and logistics", "Hàng hải, cảng biển và logistics"},
	{"maritime.ports", "maritime", "Port operations and terminals", "Khai thác cảng và bến cảng"},
	{"maritime.shipbuilding", "maritime", "Shipbuilding and ship repair", "Đóng mới và sửa chữa tàu"},
	{"maritime.shipping", "maritime", "Shipping and vessel operations", "Vận tải biển và khai thác tàu"},
	{"maritime.logistics", "maritime", "Logistics and supply chain", "Logistics và chuỗi cung ứng"},

	{"electronics", "", "Electronics and semiconductors", "Điện tử và bán dẫn"},
	{"electronics.semiconductors", "electronics", "Semiconductors and chips", "Bán dẫn và vi mạch"},
	{"electronics.manufacturing", "electronics", "Electronics manufacturing and assembly", "Sản xuất và lắp ráp điện tử"},
	{"electronics.sensors", "electronics", "Sensors and instrumentation", "Cảm biến và thiết bị đo lường"},
	{"electronics.photonics", "electronics", "Optics and photonics", "Quang học và quang tử"},

	{"ict", "", "Information and communication technology", "Công nghệ thông tin và truyền thông"},
	{"ict.software", "ict", "Software and enterprise systems", "Phần mềm và hệ thống doanh nghiệp"},
	{"ict.ai", "ict", "Artificial intelligence and data analytics", "Trí tuệ nhân tạo và phân tích dữ liệu"},
	{"ict.iot", "ict", "Internet of things and connectivity", "Internet vạn vật và kết nối"},
	{"ict.security", "ict", "Cybersecurity", "An ninh mạng"},
	{"ict.ecommerce", "ict", "E-commerce and fintech", "Thương mại điện tử và công nghệ tài chính"},

	{"energy", "", "Energy", "Năng lượng"},
	{"energy.renewable", "energy", "Renewable energy", "Năng lượng tái tạo"},
	{"energy.storage", "energy", "Energy storage, batteries and hydrogen", "Lưu trữ năng lượng, pin và hydro"},
	{"energy.efficiency", "energy", "Energy efficiency", "Tiết kiệm năng lượng"},
	{"energy.grid", "energy", "Power grids and electrification", "Lưới điện và điện khí hoá"},

	{"environment", "", "Environment", "Môi trường"},
	{"environment.water", "environment", "Water and wastewater treatment", "Xử lý nước và nước thải"},
	{"environment.waste", "environment", "Waste management and recycling", "Quản lý chất thải và tái chế"},
	{"environment.air", "environment", "Air quality, emissions and climate", "Chất lượng không khí, phát thải và khí hậu"},

	{"agrifood", "", "Agriculture and food", "Nông nghiệp và thực phẩm"},
	{"agrifood.agriculture", "agrifood", "Crop and livestock farming", "Trồng trọt và chăn nuôi"},
	{"agrifood.aquaculture", "agrifood", "Aquaculture and seafood", "Nuôi trồng và chế biến thuỷ sản"},
	{"agrifood.processing", "agrifood", "Food processing and safety", "Chế biến và an toàn thực phẩm"},
	{"agrifood.fertilizer", "agrifood", "Fertilizers and agrochemicals", "Phân bón và hoá chất nông nghiệp"},

	{"materials", "", "Materials and chemicals", "Vật liệu và hoá chất"},
	{"materials.chemicals", "materials", "Chemicals and process engineering", "Hoá chất và công nghệ quá trình"},
	{"materials.advanced", "materials", "Advanced materials and nanotechnology", "Vật liệu tiên tiến và công nghệ nano"},
	{"materials.textiles", "materials", "Textiles and fibres", "Dệt may và sợi"},
	{"materials.construction", "materials", "Construction and building materials", "Xây dựng và vật liệu xây dựng"},

	{"manufacturing", "", "Manufacturing and engineering", "Sản xuất và cơ khí"},
	{"manufacturing.automation", "manufacturing", "Automation and robotics", "Tự động hoá và robot"},
	{"manufacturing.machinery", "manufacturing", "Machinery and mechanical engineering", "Máy móc và cơ khí chế tạo"},
	{"manufacturing.additive", "manufacturing", "Additive manufacturing and 3D printing", "Sản xuất bồi đắp và in 3D"},

	{"health", "", "Health and life sciences", "Y tế và khoa học sự sống"},
	{"health.medtech", "health", "Medical devices", "Thiết bị y tế"},
	{"health.pharma", "health", "Pharmaceuticals and biotechnology", "Dược phẩm và công nghệ sinh học"},
	{"health.diagnostics", "health", "Diagnostics", "Chẩn đoán"},

	{"transport", "", "Transport and mobility", "Giao thông và di chuyển"},
	{"transport.automotive", "transport", "Automotive and electric vehicles", "Ô tô và xe điện"},
	{"transport.aerospace", "transport", "Aerospace and drones", "Hàng không vũ trụ và thiết bị bay"},
}

var sectorByCode = func() map[string]Sector {
	m := make(map[string]Sector, len(sectors))
	for _, s := range sectors {
		m[s.Code] = s
	}
	return m
}()

// Sectors returns the whole taxonomy, parents before their children.
func Sectors() []Sector { return append([]Sector(nil), sectors...) }

// LookupSector returns the sector with the given code.
func LookupSector(code string) (Sector, bool) {
	s, ok := sectorByCode[code]
	return s, ok
}

// IsSector reports whether code is in the taxonomy.
func IsSector(code string) bool { _, ok := sectorByCode[code]; return ok }

// SectorParent returns the top-level code of code: itself for a parent.
func SectorParent(code string) string {
	if s, ok := sectorByCode[code]; ok && s.Parent != "" {
		return s.Parent
	}
	return code
}

// SectorWithChildren returns code and, for a parent, all of its children,
// sorted. Unknown codes return nil.
func SectorWithChildren(code string) []string {
	s, ok := sectorByCode[code]
	if !ok {
		return nil
	}
	out := []string{s.Code}
	if s.Parent == "" {
		for _, c := range sectors {
			if c.Parent == code {
				out = append(out, c.Code)
			}
		}
	}
	sort.Strings(out)
	return out
}
