package ingest

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/techmatch/techmatch/data"
)

// seedTopics are the building blocks of synthetic records: per sector, a few
// technology nouns in English and Vietnamese. Synthetic text is for load and
// scale, not for judging match quality.
var seedTopics = map[string][2][]string{
	"maritime.ports":             {{"container gate OCR", "shore power", "yard crane automation", "berth scheduling", "port community system"}, {"nhận dạng số container", "cấp điện bờ", "tự động hoá cần trục bãi", "lập kế hoạch cầu bến", "hệ thống cộng đồng cảng"}},
	"maritime.shipbuilding":      {{"hull welding robot", "block assembly planning", "corrosion protection coating", "ship design software"}, {"robot hàn vỏ tàu", "lập kế hoạch lắp ráp tổng đoạn", "sơn chống ăn mòn", "phần mềm thiết kế tàu"}},
	"maritime.logistics":         {{"warehouse management", "cold chain monitoring", "route optimisation", "RFID tracking"}, {"quản lý kho hàng", "giám sát chuỗi lạnh", "tối ưu tuyến vận chuyển", "theo dõi bằng RFID"}},
	"electronics.manufacturing":  {{"SMT line inspection", "printed circuit board testing", "automated optical inspection", "cleanroom control"}, {"kiểm tra dây chuyền SMT", "kiểm thử bảng mạch in", "kiểm tra quang học tự động", "kiểm soát phòng sạch"}},
	"electronics.sensors":        {{"vibration sensor", "gas leak detector", "water quality probe", "machine vision camera"}, {"cảm biến rung", "thiết bị phát hiện rò rỉ khí", "đầu dò chất lượng nước", "camera thị giác máy"}},
	"ict.ai":                     {{"predictive maintenance analytics", "demand forecasting", "defect detection model", "document data extraction"}, {"phân tích bảo trì dự đoán", "dự báo nhu cầu", "mô hình phát hiện lỗi", "bóc tách dữ liệu tài liệu"}},
	"ict.software":               {{"ERP for manufacturers", "maintenance management system", "digital twin platform", "quality management software"}, {"ERP cho nhà máy", "hệ thống quản lý bảo trì", "nền tảng bản sao số", "phần mềm quản lý chất lượng"}},
	"energy.renewable":           {{"rooftop solar", "offshore wind monitoring", "biogas from waste", "solar inverter"}, {"điện mặt trời mái nhà", "giám sát điện gió ngoài khơi", "khí sinh học từ chất thải", "biến tần năng lượng mặt trời"}},
	"energy.storage":             {{"battery energy storage", "green hydrogen electrolyser", "battery management system"}, {"lưu trữ năng lượng bằng pin", "điện phân hydro xanh", "hệ thống quản lý pin"}},
	"environment.water":          {{"wastewater treatment", "membrane filtration", "sludge dewatering", "desalination"}, {"xử lý nước thải", "lọc màng", "tách nước bùn thải", "khử mặn nước biển"}},
	"environment.waste":          {{"plastic recycling", "phosphogypsum reuse", "fly ash bricks", "waste sorting robot"}, {"tái chế nhựa", "tái sử dụng thạch cao phospho", "gạch tro bay", "robot phân loại rác"}},
	"agrifood.aquaculture":       {{"shrimp farm monitoring", "fish feed formulation", "seafood freezing", "recirculating aquaculture"}, {"giám sát ao nuôi tôm", "công thức thức ăn cho cá", "cấp đông thuỷ sản", "nuôi trồng tuần hoàn"}},
	"agrifood.fertilizer":        {{"controlled release fertilizer", "ammonia scrubber", "granulation process control"}, {"phân bón nhả chậm", "tháp hấp thụ amoniac", "điều khiển quá trình tạo hạt"}},
	"manufacturing.automation":   {{"collaborative robot", "PLC retrofit", "automated guided vehicle", "robotic palletising"}, {"robot cộng tác", "nâng cấp PLC", "xe tự hành AGV", "robot xếp pallet"}},
	"materials.advanced":         {{"graphene coating", "nano silver antibacterial", "composite panel", "high entropy alloy"}, {"lớp phủ graphene", "nano bạc kháng khuẩn", "tấm composite", "hợp kim entropy cao"}},
	"health.medtech":             {{"portable ultrasound", "remote patient monitoring", "sterilisation system"}, {"siêu âm cầm tay", "theo dõi bệnh nhân từ xa", "hệ thống tiệt trùng"}},
	"transport.automotive":       {{"electric bus charging", "fleet telematics", "lightweight chassis"}, {"sạc xe buýt điện", "giám sát đội xe", "khung gầm nhẹ"}},
	"electronics.semiconductors": {{"wafer inspection", "chip packaging", "semiconductor test equipment"}, {"kiểm tra tấm wafer", "đóng gói vi mạch", "thiết bị kiểm thử bán dẫn"}},
}

var seedCountries = []string{"VN", "VN", "VN", "KR", "KR", "FR", "DE", "BE", "JP", "NL", "SG", "US", "IT"}

// Synthetic returns deterministic synthetic data: orgs organizations with
// perOrg records each (about 70% offers, 30% needs), in English or
// Vietnamese. The same arguments always give the same items.
func Synthetic(orgs, perOrg int, seed uint64) []data.ImportItem {
	r := rand.New(rand.NewPCG(seed, 0x7ec4))
	codes := seedCodes()
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	items := make([]data.ImportItem, 0, orgs*perOrg)
	for o := 0; o < orgs; o++ {
		org := seedOrg(pick, o, codes)
		for i := 0; i < perOrg; i++ {
			sector := org.Sectors[0]
			if r.IntN(3) == 0 {
				sector = pick(codes)
			}
			topics := seedTopics[sector]
			lang, words := "en", topics[0]
			if org.Country == "VN" && r.IntN(3) > 0 {
				lang, words = "vi", topics[1]
			}
			t1, t2 := pick(words), pick(words)
			l := data.Listing{
				Sectors:     []string{sector},
				Language:    lang,
				Status:      data.StatusPublished,
				Keywords:    []string{t1, t2},
				Cooperation: []string{pick(data.CooperationTypes)},
				Markets:     []string{"VN", pick(seedCountries)},
				ExternalID:  fmt.Sprintf("syn-%d-%d-%d", seed, o+1, i+1),
			}
			if lang == "vi" {
				l.Title = fmt.Sprintf("Giải pháp %s và %s", t1, t2)
				l.Description = fmt.Sprintf("Chúng tôi cung cấp %s cho doanh nghiệp, kết hợp %s, đã triển khai tại %d nhà máy. Hỗ trợ chuyển giao công nghệ và đào tạo vận hành.", t1, t2, 1+r.IntN(40))
			} else {
				l.Title = fmt.Sprintf("%s with %s", strings.ToUpper(t1[:1])+t1[1:], t2)
				l.Description = fmt.Sprintf("A proven %s solution combined with %s, deployed at %d sites. We offer licensing, technical assistance and training for operators.", t1, t2, 1+r.IntN(40))
			}
			items = append(items, seedItem(r, org, l))
		}
	}
	return items
}

// seedCodes are the sector codes of seedTopics, sorted: map order is random
// and a generator's output must not be.
func seedCodes() []string {
	codes := make([]string, 0, len(seedTopics))
	for c := range seedTopics {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return codes
}

// seedOrg is synthetic organization o (from 0): a country, the kind that
// country makes it, and one sector.
func seedOrg(pick func([]string) string, o int, codes []string) data.OrganizationFields {
	country := pick(seedCountries)
	kind := data.OrgPartner
	if country == "VN" {
		kind = data.OrgEnterprise
	}
	return data.OrganizationFields{
		Name:    fmt.Sprintf("Synthetic %s %05d", country, o+1),
		Kind:    kind,
		Country: country,
		Sectors: []string{pick(codes)},
	}
}

// seedItem makes l an offer of org (seven times in ten, TRL 4-9) or a need
// (minimum TRL 0-7).
func seedItem(r *rand.Rand, org data.OrganizationFields, l data.Listing) data.ImportItem {
	if r.IntN(10) < 7 {
		return data.ImportItem{Org: org, Offer: &data.OfferFields{Listing: l, TRL: 4 + r.IntN(6)}}
	}
	return data.ImportItem{Org: org, Need: &data.NeedFields{Listing: l, MinTRL: r.IntN(8)}}
}
