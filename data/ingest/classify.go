package ingest

// Sector inference: imported offers and needs rarely carry sector codes, yet
// sector overlap feeds matching and the search facets. InferSectors reads a
// listing's title, keywords and description and proposes up to three child
// sectors of the taxonomy, from hand-written term lists in English and
// Vietnamese.

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/techmatch/techmatch/data"
)

// sectorTerms lists, for each child sector of the taxonomy, the words and
// phrases that are evidence for it. Terms are compared on Fold (case and
// diacritics ignored) as whole words; a term ending in '*' matches any word
// starting with it ("robot*" matches robotic and robotics). Where terms
// overlap the longest one found at a place wins, so "solar cell" counts for
// renewable energy and not for the "cell" of biotechnology, and "water
// treatment" is not medical "treatment". A term written "~term" is weak
// evidence: common in the sector but also used elsewhere ("cell", "water",
// "material"); it counts half as much as a plain term.
//
// Vietnamese terms are phrases of two syllables or more: folded, a single
// syllable is too ambiguous ("cảng" port and "càng" more both fold to
// "cang"). "AI" written in capitals is read as "artificial intelligence"
// before matching, because Vietnamese "ai" means "who".
var sectorTerms = map[string][]string{
	"maritime.ports": {
		"~port", "~ports", "seaport*", "harbour*", "harbor*", "port operation*", "port authority", "port terminal*", "container terminal*", "marine terminal*",
		"quay", "quays", "quayside", "berth", "berths", "wharf", "wharves", "~pier", "jetty", "~dock", "~docks", "stevedor*", "ship to shore", "sts crane*", "gantry crane*",
		"rtg", "rtg crane*", "reach stacker*", "container yard", "container handling", "container crane*", "shipping container*", "container number*", "shore power", "cold ironing", "~mooring",
		"cảng biển", "cầu cảng", "bến cảng", "cảng container", "cổng cảng", "khai thác cảng", "thiết bị cảng", "cảng xanh", "cảng cạn", "bãi container", "điện bờ", "neo đậu", "cẩu bờ", "cẩu rtg", "cẩu khung", "cần cẩu", "bốc xếp", "xếp dỡ", "hàng rời", "~container",
		"terminal operating system*", "smart port*",
	},
	"maritime.shipbuilding": {
		"shipbuilding", "shipbuilder*", "shipyard*", "ship repair", "ship design", "ship hull*", "hull", "hulls", "naval architecture", "dry dock", "drydock*", "boatbuilding", "boat building",
		"antifouling", "anti fouling", "marine coating*", "hull inspection", "welding of ships", "bilge", "bilge water", "ballast water",
		"đóng tàu", "đóng mới", "sửa chữa tàu", "nhà máy đóng tàu", "vỏ tàu", "thân tàu", "ụ nổi", "ụ khô", "nước la canh", "két la canh", "la canh",
	},
	"maritime.shipping": {
		"maritime", "ship", "ships", "shipping line*", "shipping company", "shipowner*", "vessel operation*", "marine vessel*", "cargo vessel*", "vessel tracking", "passenger ferry", "ferry", "ferries",
		"tanker", "tankers", "bulk carrier*", "container ship*", "seafarer*", "marine engine*", "marine fuel*", "marine propulsion", "hydrofoil*", "~boat", "~boats", "autonomous ship*", "offshore vessel*", "navigation at sea",
		"vận tải biển", "tàu biển", "hãng tàu", "tàu thủy", "tàu hàng", "tàu container", "thuyền viên", "hàng hải", "khai thác tàu", "đội tàu", "tàu thuyền", "đường thủy", "vận tải thủy",
	},
	"maritime.logistics": {
		"~logistic", "logistics", "intralogistics", "supply chain*", "warehouse", "warehouses", "warehousing", "freight", "cargo", "parcel", "parcels", "last mile", "package delivery", "parcel delivery",
		"fleet management", "inventory management", "~inventory", "forklift*", "pallet*", "sorting center*", "track and trace", "cold chain", "courier*", "shipment*", "trucking", "distribution center*", "fulfilment", "fulfillment",
		"chuỗi cung ứng", "kho hàng", "kho bãi", "~vận chuyển", "giao hàng", "chuyển phát", "chuyển phát nhanh", "bưu kiện", "phân loại bưu kiện", "chuỗi lạnh", "quản lý kho", "xe nâng", "giao nhận", "~hàng hóa", "vận tải hàng hóa", "kho vận",
	},

	"electronics.semiconductors": {
		"semiconductor*", "integrated circuit*", "asic", "asics", "fpga", "fpgas", "cmos", "transistor*", "wafer", "wafers", "lithography", "photolithography", "photoresist*", "mosfet*", "~gan", "silicon carbide",
		"vlsi", "microelectronic*", "memory device*", "dram", "nand", "flash memory", "epitax*", "chip design", "microchip*", "~chip", "~chips", "circuit design", "analog circuit*", "rf circuit*", "~amplifier*",
		"~oscillator*", "frequency divider", "phase locked loop", "analog to digital", "~adc", "spintronic*", "thin film transistor*", "~diode", "~diodes", "~dielectric*", "~eda",
		"bán dẫn", "vi mạch", "chip bán dẫn", "thiết kế vi mạch", "linh kiện bán dẫn",
		"processor", "processors", "microprocessor*", "cpu", "cpus", "gpu", "gpus", "microarchitecture", "micro architecture", "hardware accelerator*", "~hardware", "~signal processing",
	},
	"electronics.manufacturing": {
		"electronics manufacturing", "pcb", "pcbs", "printed circuit board*", "smt", "surface mount", "solder", "soldering", "electronic assembly", "electronic component*", "~electronics", "~electronic device*",
		"flexible electronics", "stretchable electronics", "printed electronics", "wearable electronics", "consumer electronics", "~display", "~displays", "oled", "lcd", "touchscreen*", "touch screen*", "circuit board*",
		"sản xuất điện tử", "lắp ráp điện tử", "linh kiện điện tử", "thiết bị điện tử", "điện tử tiêu dùng", "ngành điện tử", "bo mạch", "mạch in", "mạch điện tử", "~màn hình",
	},
	"electronics.sensors": {
		"sensor", "sensors", "~sensing", "sensing system*", "sensorized", "instrumentation", "metrology", "measurement system*", "measuring instrument*", "measuring device*", "~gauge", "~gauges", "strain gauge*",
		"accelerometer*", "gyroscope*", "mems", "lidar", "radar", "radars", "~detector", "~detectors", "non destructive testing", "nondestructive testing", "ndt", "ultrasonic testing", "condition monitoring",
		"structural health monitoring", "infrared camera*", "thermal camera*", "thermal imaging", "gas sensor*", "spectrometer*", "magnetometer*", "flow meter*", "flowmeter*", "~probe", "~probes", "~inspection", "transducer*",
		"cảm biến", "~đo lường", "thiết bị đo", "kiểm tra không phá hủy", "~đo đạc", "thiết bị giám sát", "camera nhiệt",
	},
	"electronics.photonics": {
		"optic", "optics", "optical", "photonic*", "laser", "lasers", "~lens", "~lenses", "metasurface*", "metalens*", "waveguide*", "fiber optic*", "fibre optic*", "optical fiber*", "optical fibre*", "free space optical",
		"led", "leds", "light emitting", "microscopy", "microscope*", "holograph*", "interferomet*", "spectroscop*", "raman", "photodetector*", "silicon photonics", "~infrared", "ultrafast", "femtosecond",
		"terahertz", "optoelectronic*", "~light field", "~photon", "~photons", "~lighting", "~illumination", "image sensor*", "~camera", "~cameras", "plasmonic*", "polariz*", "polaris*", "~imaging system*",
		"quang học", "quang tử", "sợi quang", "cáp quang", "thấu kính", "chiếu sáng", "đèn led",
		"photon counting", "fiber laser*", "fibre laser*", "doped fiber*", "doped fibre*", "fiber amplifier*", "free space optical communication*", "optical communication*",
		"multispectral", "hyperspectral",
	},

	"ict.software": {
		"software", "software platform*", "~app", "~apps", "mobile app*", "mobile application*", "web application*", "web platform*", "saas", "cloud computing", "cloud based", "cloud platform*", "erp", "crm", "database*",
		"digitization", "digitisation", "digitalization", "digitalisation", "digital transformation", "digital twin*", "digital platform*", "digital tool*", "programming", "compiler*", "code generation", "source code", "operating system*",
		"software defined", "website*", "web portal*", "~portal", "e learning", "elearning", "edtech", "gamification", "video game*", "gaming", "virtual reality", "augmented reality", "mixed reality", "vr", "xr", "metaverse",
		"bim", "gis", "information system*", "management system*", "management platform*", "~dashboard*", "~workflow*", "document management", "simulation software", "user interface*", "~api", "~apis", "~open source",
		"phần mềm", "ứng dụng di động", "ứng dụng web", "nền tảng số", "chuyển đổi số", "số hóa", "hệ thống quản lý", "quản lý doanh nghiệp", "trang web", "cổng thông tin", "điện toán đám mây", "cơ sở dữ liệu",
		"lập trình", "phát triển phần mềm", "hóa đơn điện tử", "chính phủ điện tử", "dịch vụ công", "văn phòng điện tử", "học trực tuyến", "giáo dục trực tuyến", "lưu trữ điện tử", "quản lý tài liệu", "số hóa tài liệu", "quản lý nhân sự", "thực tế ảo",
		"robotic process automation", "rpa", "business process automation", "business process*", "hyperautomation", "payroll", "payslip*", "human resources", "hr software", "~recruitment", "~nhân sự", "~tuyển dụng", "~education", "~educational", "~giáo dục", "lms", "learning management", "data migration", "~nền tảng", "~data processing", "~quản lý",
		"công nghệ thông tin", "cntt", "một cửa điện tử", "~chính phủ", "~e government",
	},
	"ict.ai": {
		"artificial intelligence", "machine learning", "deep learning", "neural network*", "computer vision", "natural language processing", "nlp", "large language model*", "llm", "llms", "~generative", "data analytics",
		"big data", "data mining", "data science", "predictive analytics", "predictive maintenance", "predictive model*", "prediction model*", "decision support", "decision intelligence", "image recognition", "speech recognition",
		"pattern recognition", "object detection", "image analysis", "image processing", "video analytics", "video processing", "~classifier*", "reinforcement learning", "chatbot*", "ocr", "optical character recognition",
		"face recognition", "facial recognition", "recommendation system*", "recommender*", "~analytics", "~algorithm", "~algorithms", "~data driven", "intelligent system*", "autonomous decision*",
		"trí tuệ nhân tạo", "học máy", "học sâu", "thị giác máy tính", "~nhận dạng", "~nhận diện", "xử lý ngôn ngữ tự nhiên", "phân tích dữ liệu", "dữ liệu lớn", "chatbot", "nhận dạng chữ viết", "nhận diện khuôn mặt", "camera ai", "mô hình dự báo",
		"bảo trì dự đoán", "dự đoán bảo trì", "bóc tách thông tin", "trích xuất thông tin", "data labeling", "data annotation",
	},
	"ict.iot": {
		"iot", "iiot", "internet of things", "internet of behaviours", "wireless", "5g", "4g", "lte", "lora", "lorawan", "zigbee", "bluetooth", "rfid", "nfc", "telemetry", "remote monitoring", "continuous monitoring", "smart home*",
		"smart city", "smart cities", "edge computing", "edge ai", "~connectivity", "wireless network*", "communication network*", "network management", "telecommunication*", "~telecom*", "~antenna*", "satellite communication*",
		"voip", "software defined network*", "mesh network*", "sensor network*", "wifi", "wi fi", "connected device*", "asset tracking", "gps tracking", "tracking device*", "position tracking", "data network*", "~transceiver*", "internet access",
		"internet vạn vật", "mạng không dây", "viễn thông", "thành phố thông minh", "nhà thông minh", "giám sát từ xa", "thiết bị kết nối", "kết nối không dây", "định vị gps",
		"networking", "~network", "~networks", "router", "routers", "~communication", "~communications",
		"thiết bị thông minh", "smart device*",
		"mmwave", "millimeter wave", "millimetre wave",
	},
	"ict.security": {
		"cybersecurity", "cyber security", "cyber", "information security", "data security", "network security", "system security", "security engineering", "encryption", "encrypted", "cryptograph*", "authentication",
		"access control", "~privacy", "malware", "intrusion detection", "quantum key distribution", "qkd", "~random number*", "~password*", "passwordless", "biometric*", "identity verification", "anti counterfeit*", "counterfeit*",
		"secure communication*", "firewall*", "vulnerabilit*", "threat detection", "cyberattack*", "cyber attack*", "~forensic*", "~surveillance", "~secure",
		"an ninh mạng", "bảo mật", "an toàn thông tin", "mã hóa", "xác thực", "chữ ký số", "chữ ký điện tử", "chống giả", "tem chống giả", "bảo mật dữ liệu", "~an ninh", "giám sát an ninh",
		"sinh trắc học",
	},
	"ict.ecommerce": {
		"e commerce", "ecommerce", "online shop*", "online store*", "marketplace*", "~retail", "retailer*", "fintech", "payment", "payments", "mobile payment*", "e wallet*", "digital wallet*", "banking", "~bank", "~banks",
		"insurance", "insurtech", "lending", "credit scoring", "blockchain", "cryptocurrenc*", "digital currenc*", "point of sale", "loyalty program*", "voucher*", "~advertising", "advertisement*", "digital marketing", "~marketing",
		"customer experience", "online consumer*", "~shopping", "financial service*", "~financial", "~finance", "~accounting", "~trading platform*", "crowdfunding", "~tourism", "~booking",
		"thương mại điện tử", "bán lẻ", "~bán hàng", "bán hàng trực tuyến", "sàn thương mại", "thanh toán", "ví điện tử", "ngân hàng", "~tài chính", "bảo hiểm", "tiếp thị", "quảng cáo", "khuyến mãi", "chăm sóc khách hàng",
		"tài chính ngân hàng", "chứng khoán", "cho vay", "thẻ cào", "~du lịch", "đặt phòng", "~thương mại",
	},

	"energy.renewable": {
		"renewable energy", "renewable", "renewables", "solar", "solar energy", "solar power", "photovoltaic*", "~pv", "solar cell*", "solar panel*", "solar module*", "~wind", "wind energy", "wind power", "wind turbine*",
		"wind farm*", "offshore wind", "hydropower", "hydroelectric*", "geothermal", "~biomass", "biogas", "biofuel*", "biodiesel", "bioethanol", "tidal energy", "wave energy", "clean energy", "green energy", "perovskite*", "~energy harvesting",
		"năng lượng tái tạo", "năng lượng mặt trời", "điện mặt trời", "pin mặt trời", "tấm pin mặt trời", "điện gió", "năng lượng gió", "tuabin gió", "sinh khối", "khí sinh học", "thủy điện", "nhiên liệu sinh học", "năng lượng sạch", "năng lượng xanh",
		"offshore wind farm*", "offshore wind turbine*", "solar farm*", "onshore wind",
	},
	"energy.storage": {
		"batter*", "lithium", "lithium ion", "li ion", "energy storage", "anode", "anodes", "cathode", "cathodes", "electrolyte*", "supercapacitor*", "ultracapacitor*", "fuel cell*", "hydrogen", "electrolyser*", "electrolyzer*",
		"electrolysis", "thermal storage", "heat storage", "thermal energy storage", "redox flow", "flow batter*", "second life batter*", "battery management", "solid state batter*", "sodium ion", "charge storage",
		"ắc quy", "lưu trữ năng lượng", "tích trữ năng lượng", "pin lithium", "pin sạc", "pin nhiên liệu", "pin xe điện", "bộ pin", "pin lưu trữ", "khí hydro", "hydro xanh", "sản xuất hydro",
	},
	"energy.efficiency": {
		"energy efficiency", "energy efficient", "energy saving*", "energy management", "energy consumption", "heat recovery", "waste heat", "heat pump*", "thermal insulation", "hvac", "building energy", "smart building*",
		"~low energy", "energy audit*", "cogeneration", "combined heat and power", "chp", "heat exchanger*", "thermoelectric*", "cooling system*", "~refrigeration", "district heating", "energy management system*", "energy optimi*",
		"~heating", "~cooling", "~thermal management", "~energy use",
		"tiết kiệm năng lượng", "hiệu quả năng lượng", "sử dụng năng lượng hiệu quả", "quản lý năng lượng", "thu hồi nhiệt", "nhiệt thải", "bơm nhiệt", "kiểm toán năng lượng", "tiết kiệm điện", "tiêu thụ năng lượng", "điều hòa không khí",
	},
	"energy.grid": {
		"power grid*", "electric grid*", "electrical grid*", "smart grid*", "~grid", "~grids", "microgrid*", "electricity network*", "power system*", "power line*", "transmission line*", "distribution network*", "substation*",
		"power transformer*", "high voltage", "medium voltage", "low voltage", "power cable*", "~cable", "~cables", "~electricity", "electrification", "ev charging", "charging station*", "charging infrastructure", "charger*",
		"inverter*", "power electronics", "power converter*", "dc dc", "power quality", "demand response", "load flexibility", "energy trading", "peer to peer energy", "~nuclear", "fusion power", "fusion reactor*", "power plant*",
		"~generator*", "electric power", "electrical power", "~power supply", "~power supplies", "~utility", "~utilities", "~electrical", "~energy supply", "~energy supplies", "~wireless power", "wireless charging",
		"lưới điện", "điện lực", "trạm biến áp", "máy biến áp", "~đường dây", "truyền tải điện", "phân phối điện", "trạm sạc", "sạc xe điện", "điện khí hóa", "cấp điện", "nhà máy điện", "biến tần", "điện hạt nhân", "công tơ điện", "hệ thống điện", "~điện năng", "~nguồn điện",
	},

	"environment.water": {
		"water treatment", "wastewater*", "waste water", "drinking water", "desalination", "water purification", "water quality", "water management", "water supply", "water pipe*", "water reuse", "water recycling", "~filtration",
		"sewage", "sludge", "effluent*", "flood", "floods", "flooding", "stormwater", "groundwater", "~brine", "water pollution", "oily water", "oil water separation", "reverse osmosis", "ultrafiltration", "nanofiltration",
		"disinfection", "water leak*", "leak detection", "water network*", "water utilit*", "water companies", "water company", "~hydrolog*", "~coastal", "~river", "~rivers", "~water", "aquifer*", "irrigation water", "~water content",
		"xử lý nước", "nước thải", "xử lý nước thải", "nước sạch", "nước uống", "cấp nước", "thoát nước", "lọc nước", "khử mặn", "nước ngầm", "ngập lụt", "chống ngập", "bùn thải", "tái sử dụng nước", "chất lượng nước",
		"tách dầu", "tách dầu nước", "nhũ tương dầu", "quan trắc nước", "nước mặt", "khử màu", "~cod",
	},
	"environment.waste": {
		"waste", "wastes", "waste management", "solid waste", "recycl*", "upcycl*", "circular economy", "~circular", "landfill*", "litter", "plastic waste", "e waste", "compost*", "biodegradab*", "~reuse", "~re use", "~reusable",
		"~by product*", "~byproduct*", "food waste", "waste to energy", "incinerat*", "~scrap", "packaging waste", "garbage", "trash", "~refill", "~disposal", "~decommissioning", "remediation", "contaminated site*", "polluted site*",
		"chất thải", "rác thải", "xử lý rác", "tái chế", "kinh tế tuần hoàn", "chất thải rắn", "rác thải nhựa", "phân loại rác", "bãi chôn lấp", "đốt rác", "phế liệu", "phế phẩm", "phụ phẩm", "chất thải nguy hại", "ủ phân", "~tái sử dụng",
	},
	"environment.air": {
		"air quality", "air pollution", "air pollutant*", "emission", "emissions", "co2", "carbon dioxide", "carbon capture", "carbon footprint", "carbon accounting", "greenhouse gas*", "ghg", "climate", "climate change",
		"decarboni*", "net zero", "zero emission*", "low carbon", "carbon sequestration", "carbon credit*", "~carbon", "particulate*", "~exhaust", "flue gas", "nitrous oxide", "nox", "volatile organic compound*", "~odour*", "~odor*",
		"~dust", "air purification", "air purifier*", "air filter*", "air filtration", "esg", "environmental monitoring", "~environmental impact", "pollution", "~pollutant*", "~environmental", "life cycle assessment", "lca", "~sustainability",
		"chất lượng không khí", "ô nhiễm không khí", "khí thải", "phát thải", "giảm phát thải", "khí nhà kính", "biến đổi khí hậu", "trung hòa carbon", "các bon", "bụi mịn", "khói bụi", "quan trắc môi trường", "quan trắc không khí",
		"lọc không khí", "xử lý khí thải", "~môi trường", "ô nhiễm",
	},

	"agrifood.agriculture": {
		"agricultur*", "agri", "agritech", "agronom*", "farm", "farms", "farming", "farmer*", "crop", "crops", "precision agriculture", "smart farming", "livestock", "cattle", "poultry", "dairy farm*", "plant growth",
		"plant breeding", "~greenhouse", "~greenhouses", "hydroponic*", "aquaponic*", "vertical farm*", "~harvest", "~harvesting", "~seed", "~seeds", "soil", "soils", "irrigation", "pest", "pests", "~weed", "~weeds", "orchard*",
		"vineyard*", "~rice", "paddy", "forestry", "~forest", "~forests", "zootechnical", "veterinary", "animal health", "tractor*", "agricultural machinery", "field management", "crop yield*", "plant disease*", "~plants", "~wheat", "~maize",
		"nông nghiệp", "trồng trọt", "chăn nuôi", "cây trồng", "lúa gạo", "ruộng lúa", "cây lúa", "giống lúa", "năng suất lúa", "máy cấy", "máy cấy lúa", "gieo mạ", "nông dân", "hợp tác xã", "nông sản", "sâu bệnh", "giống cây",
		"cơ giới hóa nông nghiệp", "nông nghiệp chính xác", "nhà kính", "tưới tiêu", "tưới nhỏ giọt", "thủy canh", "trang trại", "gia súc", "gia cầm", "lâm nghiệp", "trồng rừng", "drone nông nghiệp", "cà phê", "hồ tiêu",
	},
	"agrifood.aquaculture": {
		"aquaculture", "fish", "fisheries", "fishery", "fishing", "seafood", "shrimp", "prawn*", "salmon", "oyster*", "shellfish", "fish farm*", "mariculture", "recirculating aquaculture", "seaweed*", "~microalgae", "~algae",
		"nuôi trồng thủy sản", "thủy sản", "hải sản", "nuôi tôm", "nuôi cá", "ao nuôi", "chế biến thủy sản", "tàu cá", "khai thác thủy sản", "rong biển", "cá tra", "cá basa", "thức ăn thủy sản", "con tôm", "tôm giống",
	},
	"agrifood.processing": {
		"food processing", "food", "foods", "beverage*", "food safety", "shelf life", "food preservation", "~preservation", "meat", "beef", "pork", "dairy", "~milk", "~wine", "~wines", "~beer", "brewing", "brewery", "~ingredient*",
		"~nutrition*", "nutraceutical*", "probiotic*", "~flavor*", "~flavour*", "cold storage", "post harvest", "postharvest", "freeze drying", "pasteuri*", "bakery", "~coffee", "~tea", "~fruit", "~fruits", "~vegetable*", "lychee*",
		"~sugar", "~edible", "foodborne", "restaurant*", "food contact", "food manufacturing", "food industry", "agri food", "agrifood", "packaged food*", "~dietary", "~fermented",
		"thực phẩm", "chế biến thực phẩm", "an toàn thực phẩm", "đồ uống", "~bảo quản", "bảo quản sau thu hoạch", "sau thu hoạch", "~chế biến", "nước giải khát", "gia vị", "kho lạnh", "cấp đông", "đóng gói thực phẩm",
		"truy xuất nguồn gốc", "bánh kẹo", "nhà hàng", "vải thiều", "trái cây", "rau quả", "thịt bò", "thịt lợn", "~sữa", "hoa quả",
	},
	"agrifood.fertilizer": {
		"agrochemical*", "pesticide*", "herbicide*", "insecticide*", "fungicide*", "biostimulant*", "biopesticide*", "crop protection", "nitrogen fixation", "~ammonia", "~phosphate*",
		"phosphoric acid", "potash", "~urea", "soil amendment*", "biochar", "~manure", "moth treatment", "pest control",
		"phân bón", "phân bón hữu cơ", "phân vi sinh", "thuốc bảo vệ thực vật", "thuốc trừ sâu", "thuốc diệt cỏ", "chế phẩm sinh học", "axit photphoric", "photpho", "phân đạm", "phân lân", "phân kali",
		"fertiliz*", "fertilis*",
	},

	"materials.chemicals": {
		"chemical", "chemicals", "chemistry", "catalys*", "catalyst*", "catalytic", "chemical process*", "process engineering", "solvent*", "chemical synthesis", "organic synthesis", "~synthesis", "chemical reactor*", "distillation",
		"separation process*", "~adsorption", "adsorbent*", "sorbent*", "metal organic framework*", "mof", "mofs", "~electrochemical", "electrochemistry", "petrochemical*", "refinery", "refineries", "oil and gas", "natural gas",
		"green chemistry", "surfactant*", "cosmetic*", "~hair", "personal care", "detergent*", "dye", "dyes", "pigment*", "~ink", "~inks", "adhesive*", "resin*", "flame retardant*", "~reagent*", "~compound", "~compounds", "~molecule*",
		"hóa chất", "hóa học", "xúc tác", "dung môi", "hóa dầu", "lọc dầu", "dầu khí", "khí tự nhiên", "mỹ phẩm", "chất tẩy rửa", "thuốc nhuộm", "keo dán", "chất chống cháy", "hóa chất photpho", "~phụ gia",
	},
	"materials.advanced": {
		"advanced material*", "nanomaterial*", "nanotechnolog*", "nanostructur*", "nanoparticle*", "~nanoscale", "nanowire*", "nanotube*", "graphene", "2d material*", "composite", "composites", "composite material*",
		"metamaterial*", "ceramic*", "alloy", "alloys", "coating", "coatings", "thin film", "thin films", "polymer", "polymers", "polymeric", "hydrogel*", "smart material*", "self healing", "shape memory", "aerogel*",
		"carbon fiber*", "carbon fibre*", "fibre reinforced", "fiber reinforced", "~plastic", "~plastics", "thermoplastic*", "elastomer*", "~membrane", "~membranes", "~crystal", "~crystals", "~crystalline", "magnetic material*",
		"superconduct*", "quantum material*", "bio based", "biobased", "bioplastic*", "~material", "~materials", "~film", "~films", "~metal", "~metals", "~glass", "~packaging", "~barrier",
		"~vật liệu", "vật liệu mới", "vật liệu tiên tiến", "vật liệu nano", "công nghệ nano", "~nano", "vật liệu composite", "lớp phủ", "~màng", "polyme", "~nhựa", "gốm", "hợp kim", "~bao bì",
		"~colloid*", "surface treatment*",
	},
	"materials.textiles": {
		"textile", "textiles", "fabric", "fabrics", "~fibre", "~fibres", "~fiber", "~fibers", "yarn*", "garment*", "apparel", "clothing", "clothes", "~fashion", "wool", "cotton", "smart textile*", "dyeing", "~leather", "nonwoven*",
		"sewing", "knitting", "knitted", "weaving", "~woven", "footwear", "~shoe", "~shoes", "~silk",
		"dệt may", "dệt", "may mặc", "dệt nhuộm", "~nhuộm", "chuyền may", "xưởng may", "quần áo", "thời trang", "da giày", "giày dép", "sợi dệt", "vải dệt",
	},
	"materials.construction": {
		"construction", "building material*", "building design", "~buildings", "~building", "construction material*", "concrete", "cement", "clinker", "asphalt", "brick", "bricks", "~tile", "~tiles", "steel structure*",
		"structural engineering", "civil engineering", "~infrastructure", "~bridge", "~bridges", "~tunnel*", "seismic", "earthquake*", "~architectur*", "~timber", "~wood", "~wooden", "float glass", "reinforced concrete", "rebar", "manhole*",
		"prefab*", "modular construction", "facade*", "~roof*", "~housing", "civil structure*", "~corrosion",
		"xây dựng", "vật liệu xây dựng", "bê tông", "xi măng", "gạch", "cầu đường", "~công trình", "~kết cấu", "bê tông cốt thép", "cốt thép", "nhà ở", "~hạ tầng", "cơ sở hạ tầng", "~ăn mòn",
	},

	"manufacturing.automation": {
		"~automation", "~automate", "~automated", "~automatic", "industrial automation", "factory automation", "robot*", "cobot*", "plc", "scada", "industry 4 0", "smart factory", "smart manufacturing", "machine vision",
		"manipulator*", "gripper*", "~actuator*", "~actuation", "motion control", "control system*", "autonomous system*", "agv", "agvs", "exoskeleton*", "process control", "production line*", "assembly line*", "conveyor*",
		"sorter", "sorting system*", "pick and place", "anti sway", "mechatronic*", "~servo*", "~autonomous", "~control", "~controller*",
		"tự động hóa", "~tự động", "robot", "rô bốt", "nhà máy thông minh", "dây chuyền tự động", "băng chuyền", "điều khiển tự động", "cánh tay robot", "hệ thống điều khiển", "chống lắc", "định vị tự động", "~điều khiển",
		"microrobot*",
	},
	"manufacturing.machinery": {
		"machinery", "~machine", "~machines", "machine tool*", "~mechanical", "mechanical engineering", "~mechanism", "~mechanisms", "gear", "gears", "gearbox*", "bearing", "bearings", "~engine", "~engines", "~turbine", "~turbines",
		"gas turbine*", "~pump", "~pumps", "compressor*", "~valve", "~valves", "hydraulic*", "pneumatic*", "~motor", "~motors", "cnc", "machining", "milling", "welding", "~casting", "forging", "injection molding", "injection moulding",
		"~molding", "~moulding", "stamping", "tooling", "~bolt", "~bolts", "fastener*", "~vibration*", "tribolog*", "crane", "cranes", "heavy equipment", "industrial equipment", "manufacturing process*", "metalworking",
		"~manufacturing", "~manufacture", "~manufacturer*", "~production", "~industrial", "furnace*", "kiln*", "boiler*", "~dryer*", "~drying", "~mold", "~mould",
		"máy móc", "cơ khí", "chế tạo máy", "~chế tạo", "thiết bị công nghiệp", "động cơ", "máy bơm", "hộp số", "gia công cơ khí", "khuôn mẫu", "máy nén", "cần trục", "dây chuyền sản xuất", "~sản xuất", "~thiết bị",
		"heat treatment*",
	},
	"manufacturing.additive": {
		"additive manufacturing", "3d printing", "3d printed", "3d printer*", "3d print", "3d printable", "bioprinting", "bioprinted", "4d printing", "selective laser sintering", "stereolithography", "fused deposition",
		"rapid prototyping", "~printable", "~3d", "~inkjet",
		"in 3d", "in ba chiều", "sản xuất bồi đắp", "máy in 3d",
		"additively manufactur*", "additive manufactur*",
	},

	"health.medtech": {
		"medical device*", "medical equipment", "implant*", "catheter*", "stent*", "surgical", "surgery", "surgeries", "surgeon*", "prosthe*", "orthopedic*", "orthopaedic*", "~wearable", "~wearables", "hearing aid*",
		"pacemaker*", "ventilator*", "rehabilitation", "telemedicine", "telehealth", "remote patient monitoring", "patient monitoring", "health monitoring", "hospital", "hospitals", "~healthcare", "~health care", "healthtech",
		"~needle*", "syringe*", "~glove*", "gauntlet*", "ppe", "wound dressing*", "~wound*", "neural interface*", "brain computer interface*", "bci", "neural electrode*", "eeg", "ecg", "ekg", "emg", "blood pressure",
		"glucose monitor*", "insulin pump*", "dialysis", "radiotherapy", "radiation therapy", "surgical robot*", "microneedle*", "orthos*", "physiotherapy", "dental", "dentist*", "ophthalm*", "~eye", "~eyes", "contact lens*",
		"~medical", "~clinician*", "~physician*", "~nurse*", "~patient", "~patients", "endoscop*", "~transdermal", "neurostimulation", "~stimulation", "~sedation", "anesthe*", "anaesthe*", "medical gas*",
		"thiết bị y tế", "y tế", "bệnh viện", "phẫu thuật", "cấy ghép", "máy thở", "khám chữa bệnh", "~bệnh nhân", "y tế từ xa", "khám bệnh từ xa", "hồ sơ sức khỏe", "bệnh án điện tử", "quản lý bệnh viện", "chăm sóc sức khỏe",
		"~sức khỏe", "phòng khám", "tiêm chủng",
		"~device", "~devices", "thrombectomy", "minimally invasive", "endovascular", "~vascular", "outpatient*", "nhs", "wound healing", "wound care",
	},
	"health.pharma": {
		"drug", "drugs", "pharmaceutical*", "pharma", "therapeutic*", "therapy", "therapies", "antibod*", "vaccine*", "vaccinat*", "small molecule*", "inhibitor*", "peptide*", "~protein", "~proteins", "~enzyme*", "gene therapy",
		"cell therapy", "car t", "crispr", "gene editing", "genome editing", "stem cell*", "immunotherap*", "~immune", "t cell", "t cells", "~tumor*", "~tumour*", "~cancer*", "oncolog*", "alzheimer*", "parkinson*", "diabetes",
		"diabetic", "~rna", "mrna", "sirna", "~dna", "biotech*", "biologic", "biologics", "biopharma*", "formulation*", "drug delivery", "drug discovery", "drug design", "clinical trial*", "preclinical", "pre clinical", "~in vivo",
		"mouse model*", "~mice", "~mouse", "~receptor*", "~ligand*", "kinase*", "~dose", "~doses", "~dosing", "pharmacolog*", "antibiotic*", "antiviral*", "antibacterial", "antimicrobial*", "~infection*", "~virus*", "~viral", "~bacteria*",
		"microbiome", "regenerative medicine", "tissue engineering", "~cytokine*", "~gene", "~genes", "~genetic", "~genetically", "~genomic*", "~cell", "~cells", "~cellular", "~neuron*", "neurodegenerat*", "cardiovascular", "~inflammat*",
		"autoimmune", "fibrosis", "~obesity", "~pain", "opioid*", "transgenic", "~disease", "~diseases", "~disorder*", "~treatment", "~treatments", "~treating", "~treat", "nanobod*", "~medicine*", "~molecular", "~biolog*", "organoid*",
		"~in vitro", "~fertility", "ivf", "~embryo*", "~tissue*", "~mutation*", "~syndrome", "~clinical", "~heart", "~brain", "~liver", "~kidney", "~lung", "~lungs", "~blood", "~skin", "~muscle*", "~bone*",
		"dược phẩm", "dược liệu", "công nghệ sinh học", "vắc xin", "vaccine", "kháng thể", "điều trị", "liệu pháp", "tế bào gốc", "ung thư", "kháng sinh", "sản xuất thuốc", "thuốc chữa bệnh", "~bệnh lý", "~tế bào",
		"~genome", "~genomes", "cell line", "cell lines", "plasmid*", "~antigen*", "in vitro fertili*", "hla",
	},
	"health.diagnostics": {
		"diagnos*", "point of care", "biomarker*", "assay", "assays", "test kit*", "rapid test*", "~screening", "cancer screening", "early detection", "liquid biopsy", "biops*", "lab on a chip", "lab on chip", "microfluidic*",
		"biosensor*", "pcr", "~sequencing", "genotyping", "pathogen detection", "immunoassay*", "elisa", "medical imaging", "~imaging", "mri", "magnetic resonance", "ct scan*", "computed tomography", "ultrasound", "x ray*", "xray*",
		"pet imaging", "pet scan*", "positron emission", "~tomograph*", "~patholog*", "histolog*", "blood test*", "~urine", "~saliva", "~prognos*", "~detection", "~detect", "~detecting", "~monitoring of patients", "theranostic*", "radiolog*",
		"chẩn đoán", "xét nghiệm", "chẩn đoán hình ảnh", "sàng lọc", "phát hiện sớm", "kit xét nghiệm", "test nhanh", "sinh thiết",
	},

	"transport.automotive": {
		"automotive", "vehicle", "vehicles", "car", "cars", "electric vehicle*", "ev", "evs", "autonomous vehicle*", "self driving", "autonomous driving", "driver assistance", "adas", "~driving", "~driver", "~drivers",
		"traffic", "~road", "~roads", "highway*", "~tire", "~tires", "tyre", "tyres", "truck", "trucks", "~bus", "~buses", "motorcycle*", "e bike*", "ebike*", "bicycle*", "scooter*", "~mobility", "micromobility", "parking",
		"car park*", "~rail", "railway*", "railroad*", "~trains", "train operator*", "powertrain*", "drivetrain*", "internal combustion", "combustion engine*", "collision avoidance", "collision warning", "in vehicle", "~transport", "~transportation",
		"ô tô", "xe điện", "xe máy", "~phương tiện", "giao thông", "xe buýt", "xe tải", "đường bộ", "đường sắt", "bãi đỗ xe", "đỗ xe", "lái xe", "xe tự hành", "giao thông thông minh", "trạm thu phí", "xe đầu kéo", "biển số xe",
	},
	"transport.aerospace": {
		"aerospace", "aircraft", "aviation", "airplane*", "aeroplane*", "drone", "drones", "uav", "uavs", "unmanned aerial", "satellite", "satellites", "spacecraft", "space industry", "space market", "outer space",
		"space exploration", "rocket*", "airport*", "airline*", "air traffic", "helicopter*", "~flight", "~flights", "avionics", "aerodynamic*", "~jet", "~jets", "launch vehicle*", "cubesat*", "smallsat*", "earth observation",
		"~remote sensing", "~airborne", "aeronaut*", "astronaut*", "~orbit", "~orbital", "interplanetary", "~space", "~gnss", "~geospatial",
		"hàng không", "máy bay", "thiết bị bay", "máy bay không người lái", "flycam", "vệ tinh", "ảnh vệ tinh", "vũ trụ", "sân bay", "hàng không vũ trụ", "tên lửa",
	},
}

// sectorStopPhrases are phrases that contain a sector term but are no
// evidence for it ("building block" is not construction, a "cell phone" is
// not biotechnology). Matching them first hides the term inside.
var sectorStopPhrases = []string{
	"building block", "building blocks", "cell phone", "cell phones", "mobile phone", "mobile phones", "state of the art",
	"control group", "control groups", "in order to", "power law", "first port of call", "water soluble",
}

// Weights of a matched term by where it is found, and the evidence needed.
// A plain term scores twice its weight, a weak ("~") term once.
const (
	sectorTitleWeight   = 3
	sectorKeywordWeight = 3
	sectorDescWeight    = 1
	// sectorDescCap bounds how often one term counts in a description, so a
	// long text repeating one word does not outweigh the title.
	sectorDescCap = 3
	// sectorMinScore is the evidence a sector needs: one plain term in the
	// title or the keywords, or three plain description terms (weak terms
	// count half).
	sectorMinScore = 6
	// sectorRelative is the share of the best score that a second or third
	// sector needs.
	sectorRelative = 0.5
	maxInferred    = 3
)

// sectorStop is the sectorMatcher id of sectorStopPhrases.
const sectorStop = -1

// sectorCodes are the child sector codes in taxonomy order. A sectorMatcher
// id is 2*i for a plain term of sectorCodes[i] and 2*i+1 for a weak one.
var sectorCodes, sectorMatcher = func() ([]string, *termMatcher) {
	var codes []string
	for _, s := range data.Sectors() {
		if s.Parent != "" {
			codes = append(codes, s.Code)
		}
	}
	m := newTermMatcher()
	for i, code := range codes {
		for _, t := range sectorTerms[code] {
			if w, weak := strings.CutPrefix(t, "~"); weak {
				m.add(w, 2*i+1)
			} else {
				m.add(t, 2*i)
			}
		}
	}
	for _, t := range sectorStopPhrases {
		m.add(t, sectorStop)
	}
	return codes, m
}()

// capitalAI finds "AI" written as an abbreviation (also "A.I.").
var capitalAI = regexp.MustCompile(`\bA\.?I\b\.?`)

// sectorTokens prepares a text for matching: glued words are split, "AI"
// is spelled out, and the result is folded into words.
func sectorTokens(s string) []string {
	if s = splitGlued(s); mayNameAI(s) {
		s = capitalAI.ReplaceAllString(s, " artificial intelligence ")
	}
	return foldTokens(s)
}

// InferSectors proposes up to three child sector codes for a listing, best
// first. Terms of sectorTerms found in the title weigh most, then those in
// the keywords, then those in the description; a sector is returned only
// with enough evidence (sectorMinScore), and a second or third one only when
// it scores at least half as well as the first. Listings with too little
// evidence get nil: a wrong sector hurts matching more than none.
func InferSectors(title, description string, keywords []string) []string {
	ev := scoreSectors(title, description, keywords, false)
	order := make([]int, 0, len(ev))
	for i, e := range ev {
		if e.score >= sectorMinScore {
			order = append(order, i)
		}
	}
	if len(order) == 0 {
		return nil
	}
	// Best score first; on a tie the sector named earlier (title, then
	// keywords, then description) wins, then taxonomy order.
	sort.SliceStable(order, func(a, b int) bool {
		x, y := ev[order[a]], ev[order[b]]
		if x.score != y.score {
			return x.score > y.score
		}
		return x.first < y.first
	})
	best := ev[order[0]].score
	var out []string
	for _, i := range order {
		if len(out) == maxInferred || float64(ev[i].score) < sectorRelative*float64(best) {
			break
		}
		out = append(out, sectorCodes[i])
	}
	return slices.Clip(out)
}

// sectorEvidence is what scoreSectors found for one sector: its score, the
// position of its first matched term (title words first, then keywords,
// then description), and, on request, the matched terms.
type sectorEvidence struct {
	score int
	first int
	terms []string
}

// scoreSectors returns the evidence for every sector of sectorCodes.
func scoreSectors(title, description string, keywords []string, withTerms bool) []sectorEvidence {
	ev := make([]sectorEvidence, len(sectorCodes))
	for i := range ev {
		ev[i].first = math.MaxInt
	}
	add := func(text string, weight, capPerTerm, offset int) {
		seen := map[string]int{}
		toks := sectorTokens(text)
		for _, h := range sectorMatcher.find(toks) {
			key := strings.Join(toks[h.start:h.end], " ")
			if seen[key] >= capPerTerm {
				continue
			}
			seen[key]++
			for _, id := range h.ids {
				if id == sectorStop {
					continue
				}
				unit := 2
				if id%2 == 1 {
					unit = 1
				}
				e := &ev[id/2]
				e.score += weight * unit
				e.first = min(e.first, offset+h.start)
				if withTerms {
					e.terms = append(e.terms, key)
				}
			}
		}
	}
	const fieldGap = 1 << 20 // positions of later fields sort after earlier ones
	add(title, sectorTitleWeight, 1, 0)
	add(strings.Join(keywords, " ; "), sectorKeywordWeight, 1, fieldGap)
	add(description, sectorDescWeight, sectorDescCap, 2*fieldGap)
	return ev
}
