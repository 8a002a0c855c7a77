// Fills report::ReportInput from an export's data: names from the codebook, numbers from its quick count.
#include "daemon/export/report_file.hpp"

#include "daemon/export/export_format.hpp"
#include "daemon/report/report_html.hpp"

namespace smsgw::exports {

std::string report_html(const ExportData& d, const std::string& codebook_version,
                        const official::VerifyResult* verify) {
    report::ReportInput in;
    in.election_id = d.codebook.election.id;
    in.election_name = d.codebook.election.name;
    in.created_utc = utc_time(d.now);
    const notify::TimeZone zone = election_zone(d.codebook);
    in.created_local = notify::local_time_text(zone, d.now) + " " + zone.name();
    in.clock = [zone](SystemTime t) { return notify::clock_text(zone, t).substr(0, 5) + " " + zone.name(); };
    in.codebook_version = codebook_version;
    in.estimates = d.quick_count.estimate();
    in.progress = d.quick_count.progress();
    in.takes = d.snapshot.takes;
    for (const Region& r : d.codebook.regions) in.region_names[r.id] = r.name;
    in.verify = verify;
    return report::render_report(in);
}

}  // namespace smsgw::exports
