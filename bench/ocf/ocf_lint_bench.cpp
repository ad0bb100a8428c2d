// In-process throughput of the meta-data parser and linter over a directory of meta-data files
// (bench/ocf/run.sh fills one from every installed agent).
//   ocf_lint_bench DIR [ROUNDS]
#include "ocf/lint.hpp"
#include "ocf/metadata.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DIR [ROUNDS]\n", argv[0]);
        return 2;
    }
    int rounds = argc > 2 ? std::atoi(argv[2]) : 20;
    std::vector<std::string> docs;
    std::size_t bytes = 0;
    for (const auto& e : std::filesystem::directory_iterator(argv[1])) {
        std::ifstream in(e.path());
        std::stringstream ss;
        ss << in.rdbuf();
        docs.push_back(ss.str());
        bytes += docs.back().size();
    }
    if (docs.empty()) {
        std::fprintf(stderr, "no files in %s\n", argv[1]);
        return 2;
    }
    auto t0 = std::chrono::steady_clock::now();
    std::size_t findings = 0;
    for (int r = 0; r < rounds; ++r) {
        for (const auto& d : docs) {
            findings += corral::ocf::lint_metadata(d, "bench.xml", corral::ocf::Schema::automatic)
                            .findings.size();
        }
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double n = static_cast<double>(docs.size()) * rounds;
    std::printf("lint (auto, in-process): %zu files x %d rounds, %.0f files/s, %.1f MB/s, %zu "
                "findings/round\n",
                docs.size(), rounds, n / secs, static_cast<double>(bytes) * rounds / secs / 1e6,
                findings / static_cast<std::size_t>(rounds));
    return 0;
}
