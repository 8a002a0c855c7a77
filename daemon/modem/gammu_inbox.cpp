// GammuSession's inbox reads: the fast walk (GSM_GetNextSMS), the careful one (one location at a
// time), and the records neither can hand to the pipeline, which become quarantined PoisonRecords.
#include "daemon/modem/gammu_session.hpp"

#include "daemon/modem/dummy_device.hpp"
#include "daemon/modem/sms_to_part.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>

namespace smsgw {

namespace {

std::string_view pdu_type_name(GSM_SMSMessageType t) {
    switch (t) {
        case SMS_Deliver: return "SMS-DELIVER";
        case SMS_Status_Report: return "SMS-STATUS-REPORT";
        case SMS_Submit: return "SMS-SUBMIT";
    }
    return "unknown PDU type";
}

}  // namespace

PoisonRecord GammuSession::poison(const std::string& modem, int location, std::string error, std::string reason,
                                  std::string pdu_hex) const {
    PoisonRecord p;
    p.modem = modem;
    p.imei = imei_;
    p.location = location;
    p.error = std::move(error);
    p.reason = std::move(reason);
    p.pdu_hex = std::move(pdu_hex);
    p.detected_at = std::chrono::system_clock::now();
    return p;
}

GSM_Error GammuSession::read_one(int location, GSM_MultiSMSMessage& sms, bool traced) {
    std::memset(&sms, 0, sizeof sms);
    // The AT driver takes flat locations; the dummy driver reads the folder as given (flat
    // numbers would come back with no folder, so not as inbox messages).
    sms.SMS[0].Folder = at_ ? 0 : location / dummy_folder_span;
    sms.SMS[0].Location = at_ ? location : location % dummy_folder_span;
    probe_->clear_trace();
    probe_->begin(ReadPhase::one, location);
    GSM_Debug_Info* di = GSM_GetDebug(sm_);
    if (traced && at_) GSM_SetDebugLevel("textall", di);
    GSM_Error e = GSM_GetSMS(sm_, &sms);
    if (traced && at_) GSM_SetDebugLevel("nothing", di);
    probe_->end();
    return e;
}

std::string GammuSession::record_hex(int location) const {
    return at_ ? pdu_from_trace(probe_->trace()) : dummy_record_hex(device_, location);
}

void GammuSession::take(const std::string& modem, const GSM_SMSMessage& m, InboxRead& out) {
    if (m.InboxFolder && m.PDU == SMS_Deliver) {
        out.parts.push_back(sms_to_part(m, modem, imei_, std::chrono::system_clock::now(),
                                        at_ ? TextDecoder::pdu : TextDecoder::backup_file));
        return;
    }
    // A status report, or an outgoing message stored on the SIM: not a monitor's report, and left
    // there it would fill the SIM for good. Its bytes are kept with the quarantine.
    (void)read_one(m.Location, buffers_->traced, true);
    std::string hex = record_hex(m.Location);
    const std::string type(pdu_type_name(m.PDU));
    out.poison.push_back(poison(modem, m.Location, type,
                                fmt::format("not a received SMS: {} in {} folder", type, m.InboxFolder ? "an inbox" : "an outbox"),
                                std::move(hex)));
}

GSM_Error GammuSession::read_inbox(const std::string& modem, const std::set<int>& skip, int max, InboxRead& out,
                                   int inbox_count) {
    // The dummy driver's walk parses every file it passes, the ones still waiting for their
    // acknowledgement too (a 1,000-message backlog: 3,000 parses). Its directory listing is cheap.
    if (!at_) return read_locations(modem, skip, max, out, false);
    GSM_MultiSMSMessage& sms = buffers_->multi;
    std::memset(&sms, 0, sizeof sms);
    bool start = true;
    int last = 0;  // the location the walk continues after
    int inbox_seen = 0;
    std::set<int> seen;
    // The dummy driver finds "no more" only by probing every remaining file name of every folder
    // (~50,000 failed opens); knowing the count, the read ends at the last message instead.
    while (static_cast<int>(out.size()) < max && (inbox_count < 0 || inbox_seen < inbox_count)) {
        sms.SMS[0].Folder = 0;
        sms.SMS[0].Location = last;
        probe_->begin(ReadPhase::listing, last);
        GSM_Error e = GSM_GetNextSMS(sm_, &sms, start ? TRUE : FALSE);
        probe_->end();
        start = false;
        if (e == ERR_EMPTY && (sms.SMS[0].Location <= last || seen.count(sms.SMS[0].Location))) break;  // the end
        // ERR_EMPTY on a location the listing had (a record of just "00") would end the walk before
        // the records behind it, every time: it is a bad record like the others.
        if (e != ERR_NONE) {
            // libgammu leaves the failing record's location behind (the AT driver flat, the dummy
            // driver as folder and number): quarantine it and walk on behind it.
            int loc = sms.SMS[0].Location;
            if (!at_ && sms.SMS[0].Folder != 0) loc += sms.SMS[0].Folder * dummy_folder_span;
            if (!(is_record_error(e) || e == ERR_EMPTY) || loc <= 0 || seen.count(loc)) return e;  // not one record we can name
            seen.insert(loc);
            last = loc;
            ++inbox_seen;
            if (skip.count(loc)) continue;
            GSM_Error again = read_one(loc, buffers_->traced, true);
            std::string hex = record_hex(loc);
            out.poison.push_back(poison(modem, loc, gammu_error_name(e),
                                        fmt::format("libgammu cannot read it: {}{}", gammu_error_text(e),
                                                    again == ERR_NONE ? " (a single read worked)" : ""),
                                        std::move(hex)));
            continue;
        }
        if (sms.Number < 1) break;
        last = sms.SMS[0].Location;
        if (seen.count(last)) return ERR_BUG;  // the walk does not move on: never loop on it
        seen.insert(last);
        for (int i = 0; i < sms.Number; ++i) {
            const GSM_SMSMessage& m = sms.SMS[i];
            if (m.InboxFolder) ++inbox_seen;
            if (!skip.count(m.Location)) take(modem, m, out);
        }
    }
    return ERR_NONE;
}

std::vector<int> GammuSession::candidate_locations() {
    std::vector<int> out;
    if (!at_) {
        // The dummy driver's folders are directories; their file names are the locations.
        std::vector<int> out = dummy_inbox_locations(device_).value_or(std::vector<int>{});
        std::erase(out, -1);
        std::sort(out.begin(), out.end());
        return out;
    }
    GSM_SMSMemoryStatus status{};
    if (GSM_GetSMSStatus(sm_, &status) != ERR_NONE) status.SIMSize = 50;  // a usual SIM, when the modem does not say
    for (int i = 1; i <= std::clamp(status.SIMSize, 0, 1000); ++i) out.push_back(i);
    for (int i = 1; i <= std::clamp(status.PhoneSize, 0, 1000); ++i) out.push_back(GSM_PHONE_MAXSMSINFOLDER + i);
    return out;
}

GSM_Error GammuSession::read_inbox_careful(const std::string& modem, const std::set<int>& skip, int max,
                                           InboxRead& out) {
    return read_locations(modem, skip, max, out, true);
}

GSM_Error GammuSession::read_locations(const std::string& modem, const std::set<int>& skip, int max, InboxRead& out,
                                       bool traced) {
    for (int loc : candidate_locations()) {
        if (static_cast<int>(out.size()) >= max) break;
        if (skip.count(loc)) continue;
        GSM_MultiSMSMessage& sms = buffers_->multi;
        GSM_Error e = read_one(loc, sms, traced);
        // The dummy driver's locations are the files listed: one that reads as nothing (libgammu 1.42
        // on a NumberUnicode key, say) is a record it cannot read, not an empty slot, and would
        // otherwise lie in the folder unread for good.
        const bool listed = !at_;
        if ((e == ERR_EMPTY || e == ERR_INVALIDLOCATION) && !listed) continue;
        if (e == ERR_NONE && (sms.Number > 0 || !listed)) {
            for (int i = 0; i < sms.Number; ++i) take(modem, sms.SMS[i], out);
            continue;
        }
        if (e == ERR_NONE || e == ERR_EMPTY || e == ERR_INVALIDLOCATION) {
            out.poison.push_back(poison(modem, loc, e == ERR_NONE ? "NO_SMS" : gammu_error_name(e),
                                        "libgammu reads no SMS from this file", record_hex(loc)));
            continue;
        }
        if (!is_record_error(e)) return e;
        out.poison.push_back(poison(modem, loc, gammu_error_name(e),
                                    fmt::format("libgammu cannot read it: {}", gammu_error_text(e)), record_hex(loc)));
    }
    return ERR_NONE;
}

}  // namespace smsgw
