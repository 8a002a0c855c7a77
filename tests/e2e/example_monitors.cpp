// Picks monitors from a codebook for the scripted fake-modem tests.
#include "example_monitors.hpp"

#include "daemon/codebook_io/codebook_dir.hpp"

#include <map>
#include <stdexcept>

namespace smsgw::e2e {

std::vector<ExampleMonitor> example_monitors(const std::filesystem::path& codebook, int per_language) {
    LoadResult loaded = load_codebook_dir(codebook);
    if (!loaded.ok()) throw std::runtime_error("cannot load codebook " + codebook.string());
    const Codebook& cb = *loaded.codebook;
    std::map<std::string, std::vector<ExampleMonitor>> by_language;
    for (const Monitor& m : cb.monitors) {
        if (m.any_station || !m.districts.empty() || m.stations.size() != 1) continue;
        auto& list = by_language[m.language];
        if (static_cast<int>(list.size()) < per_language) list.push_back({m.phone, cb.stations[m.stations.front()].code, m.language});
    }
    std::vector<ExampleMonitor> out;
    for (int i = 0; i < per_language; ++i)
        for (const char* lang : {"en", "ru", "kk"})
            if (i < static_cast<int>(by_language[lang].size())) out.push_back(by_language[lang][static_cast<std::size_t>(i)]);
    return out;
}

}  // namespace smsgw::e2e
