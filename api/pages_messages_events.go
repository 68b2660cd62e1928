package api

// Messages of the event pages, merged into the catalogues at start.
var eventMessages = map[string]map[string]string{
	"en": {
		"register.title": "Register your organization", "register.lead": "Enterprises, partners, institutes and agencies register here to post technology needs and offers and take part in events.",
		"register.button": "Register", "register.have_token": "I already have a token", "register.done_title": "Your organization is registered",
		"register.done": "%s is registered and signed in.", "register.token": "Your organization's token",
		"register.keep":    "Copy this token and keep it safe: it is shown only this once, and it is how your colleagues sign in. techmatch keeps only a fingerprint of it.",
		"signin.register":  "No token yet? Register your organization.",
		"organizer.events": "Events", "organizer.no_events": "No events yet.", "organizer.new_event": "New event", "organizer.create": "Create the event",
		"field.ev_name": "Event name", "field.venue": "Venue", "field.timezone": "Time zone", "field.tables": "Tables",
		"field.day": "Day", "field.first": "First meeting starts", "field.minutes": "Minutes per meeting", "field.count": "Number of slots", "field.gap": "Break between slots (minutes)",
		"help.timezone": "An IANA zone, e.g. Asia/Ho_Chi_Minh.", "help.gap": "0 for back-to-back meetings.",
		"event.state": "State", "event.state.open": "Open for requests", "event.state.provisional": "Provisional schedule", "event.state.final": "Schedule published", "event.state.closed": "Closed",
		"event.participants": "Participants", "event.max": "at most %d meetings", "side.host": "Host", "side.guest": "Guest",
		"event.agenda": "Agenda", "event.pdf": "Download PDF", "event.ics": "Add to calendar (ICS)", "event.when": "Time", "event.table": "Table",
		"event.with": "With", "event.topic": "Topic", "event.interpreter": "Interpreter needed", "event.cancelled": "Cancelled", "event.no_meetings": "No meetings in your agenda.",
		"event.inbox": "Requests to answer", "event.accept": "Accept", "event.decline": "Decline", "event.inbox_empty": "No requests waiting for your answer.",
		"event.sent": "Requests you sent", "event.to": "to", "event.from": "from", "event.answered": "Answered requests",
		"request.pending": "Waiting for an answer", "request.accepted": "Accepted", "request.declined": "Declined", "request.cancelled": "Cancelled",
		"event.cancel_request": "Withdraw", "event.my_intent": "Your wish:", "event.intent_refused": "Your wish was not saved:", "flash.intent_saved": "Your wish is saved; the organizer's match list takes it into account.", "match.request": "Request a meeting at %s", "event.partners": "Who to meet", "event.partners_lead": "Participants of the other side, best fit first. You can still send %d requests.",
		"event.message": "Message (optional)", "event.send_request": "Request a meeting", "event.pair": "Best pair: %s ↔ %s",
		"event.request_bad": "The request is not valid.", "event.request_refused": "The request was refused:", "event.answer_refused": "The answer was refused:",
		"event.counts": "%d slots · %d tables · %d participants", "event.sections": "Event sections",
		"event.tab.participants": "Participants", "event.tab.requests": "Requests and intents", "event.tab.matches": "Match list", "event.tab.schedule": "Schedule",
		"import.done_title": "Import done", "import.done": "%d participants added, %d updated, %d unchanged.", "import.loaded": "%d rows loaded:", "import.bad_done": "%d rows were not loaded:",
		"import.action": "What the row does", "import.action.created": "adds a participant", "import.action.updated": "updates a participant", "import.action.unchanged": "no change", "import.preview_title": "Check the sheet before loading it",
		"import.unreadable": "The sheet cannot be read:", "import.good": "%d rows are ready to load:", "import.line": "Line",
		"event.side": "Side", "event.delegation": "Delegation", "event.max_col": "Max. meetings", "event.avail": "Available",
		"import.update": "already a participant: updated", "import.bad": "%d rows are wrong and will not be loaded:", "import.commit": "Load the %d good rows",
		"import.title": "Import participants", "import.help": "An XLSX or CSV sheet with columns such as Organization, Side (host/guest), Delegation, Max meetings, Available slots (09:00-10:00, morning), Languages. You see the rows before anything is loaded.",
		"import.file": "Spreadsheet (.xlsx or .csv)", "import.preview": "Read the sheet", "import.no_org": "no organization named %s", "import.no_file": "Choose a file to import.",
		"event.own_interpreter": "brings an interpreter", "event.no_participants": "No participants yet: import a sheet below.",
		"event.no_requests": "No meeting requests yet.", "event.intents": "Intents", "event.intent": "Intent",
		"intent.must_meet": "Must meet", "intent.would_meet": "Would meet", "intent.no_thanks": "No thanks", "event.no_intents": "No intents stated.",
		"event.matchlist": "Match list", "event.build_matchlist": "Build the match list", "event.rebuild_matchlist": "Build the match list again",
		"event.optimal_total": "Optimal total score", "event.greedy_total": "Greedy total score (for comparison)", "event.n_meetings": "%d meetings",
		"event.candidates": "Candidate pairs", "event.reason": "Why", "event.forced": "forced", "event.unforced": "Forced pairs left out (capacity):",
		"event.no_matchlist": "No match list yet.", "event.schedule": "Schedule", "event.no_schedule": "No schedule yet: the scheduler places the match list into slots and tables.",
		"event.slots_used": "%d slots used; no schedule can use fewer than %d.", "event.publish": "Publish the schedule", "event.build_schedule": "Build the schedule", "event.rebuild_schedule": "Build the schedule again (keeps meeting ids)", "event.no_schedule_ml": "No schedule yet: build the match list first.", "event.schedule_refused": "The schedule could not be built:", "flash.scheduled": "The schedule is built: check it, move what needs moving, then publish.", "event.slots_used_only": "%d slots used.",
		"event.unplaced": "%d meetings could not be placed:", "event.move_title": "Move or cancel a meeting", "event.move": "Move", "event.cancel_meeting": "Cancel",
		"event.matchlist_refused": "The match list could not be built:", "event.move_refused": "Refused:", "event.publish_refused": "The schedule cannot be published:",
		"event.all_slots":       "all slots",
		"unplaced.slot_removed": "its slot was removed", "unplaced.participant_removed": "a participant left the event", "unplaced.over_capacity": "over a participant's meeting limit",
		"unplaced.participant_unavailable": "a participant is not available then", "unplaced.tables_full": "all tables are taken", "unplaced.no_common_slot": "no slot where both are free", "unplaced.participant_busy": "one of the two already meets someone in every slot both have free", "unplaced.fixed_slot_unavailable": "its fixed slot does not suit a participant", "unplaced.invalid_meeting": "not a valid meeting",
		"flash.request_sent": "Your request is sent.", "flash.request_accepted": "Accepted: the meeting will be in the schedule.", "flash.request_declined": "Declined.",
		"flash.request_cancelled": "The request is withdrawn.", "flash.event_created": "The event is created.", "flash.matchlist_built": "The match list is built.",
		"flash.meeting_cancelled": "The meeting is cancelled.", "flash.meeting_moved": "The meeting is moved.", "flash.published": "The schedule is published: participants can read their agendas.",
	},
	"vi": {
		"register.title": "Đăng ký tổ chức", "register.lead": "Doanh nghiệp, đối tác, viện nghiên cứu và cơ quan đăng ký tại đây để đăng nhu cầu, công nghệ chào bán và tham gia sự kiện.",
		"register.button": "Đăng ký", "register.have_token": "Tôi đã có mã truy cập", "register.done_title": "Tổ chức của bạn đã được đăng ký",
		"register.done": "%s đã được đăng ký và đăng nhập.", "register.token": "Mã truy cập của tổ chức",
		"register.keep":    "Hãy sao chép và cất giữ mã này: mã chỉ hiện một lần, và đồng nghiệp của bạn dùng nó để đăng nhập. techmatch chỉ lưu dấu vân tay của mã.",
		"signin.register":  "Chưa có mã? Đăng ký tổ chức của bạn.",
		"organizer.events": "Sự kiện", "organizer.no_events": "Chưa có sự kiện.", "organizer.new_event": "Sự kiện mới", "organizer.create": "Tạo sự kiện",
		"field.ev_name": "Tên sự kiện", "field.venue": "Địa điểm", "field.timezone": "Múi giờ", "field.tables": "Số bàn",
		"field.day": "Ngày", "field.first": "Giờ bắt đầu cuộc gặp đầu tiên", "field.minutes": "Số phút mỗi cuộc gặp", "field.count": "Số khung giờ", "field.gap": "Nghỉ giữa hai khung giờ (phút)",
		"help.timezone": "Múi giờ IANA, ví dụ Asia/Ho_Chi_Minh.", "help.gap": "0 nếu các cuộc gặp nối tiếp nhau.",
		"event.state": "Trạng thái", "event.state.open": "Đang nhận yêu cầu", "event.state.provisional": "Lịch dự kiến", "event.state.final": "Đã công bố lịch", "event.state.closed": "Đã kết thúc",
		"event.participants": "Người tham gia", "event.max": "tối đa %d cuộc gặp", "side.host": "Bên chủ nhà", "side.guest": "Bên khách",
		"event.agenda": "Lịch gặp", "event.pdf": "Tải PDF", "event.ics": "Thêm vào lịch (ICS)", "event.when": "Thời gian", "event.table": "Bàn",
		"event.with": "Gặp", "event.topic": "Nội dung", "event.interpreter": "Cần phiên dịch", "event.cancelled": "Đã hủy", "event.no_meetings": "Lịch của bạn chưa có cuộc gặp nào.",
		"event.inbox": "Yêu cầu chờ trả lời", "event.accept": "Đồng ý", "event.decline": "Từ chối", "event.inbox_empty": "Không có yêu cầu nào chờ bạn trả lời.",
		"event.sent": "Yêu cầu bạn đã gửi", "event.to": "gửi", "event.from": "từ", "event.answered": "Yêu cầu đã trả lời",
		"request.pending": "Đang chờ trả lời", "request.accepted": "Đã đồng ý", "request.declined": "Đã từ chối", "request.cancelled": "Đã hủy",
		"event.cancel_request": "Rút lại", "event.my_intent": "Mong muốn của bạn:", "event.intent_refused": "Chưa lưu được mong muốn:", "flash.intent_saved": "Đã lưu mong muốn; danh sách ghép cặp của ban tổ chức sẽ tính đến.", "match.request": "Đề nghị gặp tại %s", "event.partners": "Nên gặp ai", "event.partners_lead": "Người tham gia phía bên kia, phù hợp nhất trước. Bạn còn gửi được %d yêu cầu.",
		"event.message": "Lời nhắn (không bắt buộc)", "event.send_request": "Đề nghị gặp", "event.pair": "Cặp phù hợp nhất: %s ↔ %s",
		"event.request_bad": "Yêu cầu không hợp lệ.", "event.request_refused": "Yêu cầu bị từ chối:", "event.answer_refused": "Không thể trả lời:",
		"event.counts": "%d khung giờ · %d bàn · %d người tham gia", "event.sections": "Các phần của sự kiện",
		"event.tab.participants": "Người tham gia", "event.tab.requests": "Yêu cầu và mong muốn", "event.tab.matches": "Danh sách ghép cặp", "event.tab.schedule": "Lịch gặp",
		"import.done_title": "Đã nhập xong", "import.done": "Đã thêm %d người tham gia, cập nhật %d, giữ nguyên %d.", "import.loaded": "Đã nhập %d dòng:", "import.bad_done": "%d dòng không được nhập:",
		"import.action": "Dòng này sẽ", "import.action.created": "thêm người tham gia", "import.action.updated": "cập nhật người tham gia", "import.action.unchanged": "không thay đổi", "import.preview_title": "Kiểm tra bảng trước khi nhập",
		"import.unreadable": "Không đọc được bảng tính:", "import.good": "%d dòng sẵn sàng để nhập:", "import.line": "Dòng",
		"event.side": "Bên", "event.delegation": "Đoàn", "event.max_col": "Số cuộc gặp tối đa", "event.avail": "Có thể gặp",
		"import.update": "đã tham gia: sẽ cập nhật", "import.bad": "%d dòng bị lỗi và sẽ không được nhập:", "import.commit": "Nhập %d dòng hợp lệ",
		"import.title": "Nhập người tham gia", "import.help": "Bảng XLSX hoặc CSV với các cột như Tổ chức, Bên (chủ nhà/khách), Đoàn, Số cuộc gặp tối đa, Khung giờ (09:00-10:00, sáng), Ngôn ngữ. Bạn xem trước các dòng rồi mới nhập.",
		"import.file": "Bảng tính (.xlsx hoặc .csv)", "import.preview": "Đọc bảng tính", "import.no_org": "không có tổ chức nào tên %s", "import.no_file": "Hãy chọn tệp để nhập.",
		"event.own_interpreter": "tự có phiên dịch", "event.no_participants": "Chưa có người tham gia: hãy nhập bảng tính bên dưới.",
		"event.no_requests": "Chưa có yêu cầu gặp.", "event.intents": "Mong muốn", "event.intent": "Mong muốn",
		"intent.must_meet": "Nhất định gặp", "intent.would_meet": "Muốn gặp", "intent.no_thanks": "Không gặp", "event.no_intents": "Chưa có mong muốn nào.",
		"event.matchlist": "Danh sách ghép cặp", "event.build_matchlist": "Lập danh sách ghép cặp", "event.rebuild_matchlist": "Lập lại danh sách ghép cặp",
		"event.optimal_total": "Tổng điểm tối ưu", "event.greedy_total": "Tổng điểm cách tham lam (để so sánh)", "event.n_meetings": "%d cuộc gặp",
		"event.candidates": "Số cặp ứng viên", "event.reason": "Lý do", "event.forced": "bắt buộc", "event.unforced": "Cặp bắt buộc bị bỏ (vượt giới hạn):",
		"event.no_matchlist": "Chưa có danh sách ghép cặp.", "event.schedule": "Lịch gặp", "event.no_schedule": "Chưa có lịch: bộ xếp lịch đặt danh sách ghép cặp vào khung giờ và bàn.",
		"event.slots_used": "Dùng %d khung giờ; không lịch nào dùng ít hơn %d.", "event.publish": "Công bố lịch", "event.build_schedule": "Xếp lịch", "event.rebuild_schedule": "Xếp lại lịch (giữ mã cuộc gặp)", "event.no_schedule_ml": "Chưa có lịch: hãy lập danh sách ghép cặp trước.", "event.schedule_refused": "Không xếp được lịch:", "flash.scheduled": "Đã xếp lịch: hãy kiểm tra, dời những gì cần, rồi công bố.", "event.slots_used_only": "Dùng %d khung giờ.",
		"event.unplaced": "%d cuộc gặp không xếp được:", "event.move_title": "Dời hoặc hủy cuộc gặp", "event.move": "Dời", "event.cancel_meeting": "Hủy",
		"event.matchlist_refused": "Không lập được danh sách ghép cặp:", "event.move_refused": "Bị từ chối:", "event.publish_refused": "Không công bố được lịch:",
		"event.all_slots":       "mọi khung giờ",
		"unplaced.slot_removed": "khung giờ đã bị xóa", "unplaced.participant_removed": "một bên đã rời sự kiện", "unplaced.over_capacity": "vượt số cuộc gặp tối đa của một bên",
		"unplaced.participant_unavailable": "một bên không rảnh vào giờ đó", "unplaced.tables_full": "hết bàn", "unplaced.no_common_slot": "không có khung giờ nào cả hai cùng rảnh", "unplaced.participant_busy": "ở mọi khung giờ cả hai cùng rảnh, một bên đã có cuộc gặp khác", "unplaced.fixed_slot_unavailable": "khung giờ cố định không phù hợp với một bên", "unplaced.invalid_meeting": "cuộc gặp không hợp lệ",
		"flash.request_sent": "Đã gửi yêu cầu.", "flash.request_accepted": "Đã đồng ý: cuộc gặp sẽ có trong lịch.", "flash.request_declined": "Đã từ chối.",
		"flash.request_cancelled": "Đã rút lại yêu cầu.", "flash.event_created": "Đã tạo sự kiện.", "flash.matchlist_built": "Đã lập danh sách ghép cặp.",
		"flash.meeting_cancelled": "Đã hủy cuộc gặp.", "flash.meeting_moved": "Đã dời cuộc gặp.", "flash.published": "Đã công bố lịch: người tham gia xem được lịch của mình.",
	},
}

// messages are all the pages' texts: the base catalogue and the event
// pages'.
var messages = mergeMessages(baseMessages, eventMessages)

func mergeMessages(cats ...map[string]map[string]string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, cat := range cats {
		for lang, ms := range cat {
			if out[lang] == nil {
				out[lang] = map[string]string{}
			}
			for k, v := range ms {
				out[lang][k] = v
			}
		}
	}
	return out
}
