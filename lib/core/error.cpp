#include "core/error.hpp"

#include <algorithm>
#include <vector>

namespace corral {

Error& Error::at(std::string file, int line, int column) {
    m_file = std::move(file);
    m_line = line;
    m_column = column;
    rebuild();
    return *this;
}

Error& Error::field(std::string path) {
    m_path = std::move(path);
    rebuild();
    return *this;
}

void Error::rebuild() {
    std::string s;
    if (!m_file.empty()) {
        s += m_file;
        if (m_line > 0) {
            s += ':' + std::to_string(m_line);
            if (m_column > 0) {
                s += ':' + std::to_string(m_column);
            }
        }
        s += ": ";
    }
    if (!m_path.empty()) {
        s += m_path + ": ";
    }
    s += m_message;
    // One line, always: a message never carries a raw newline to the terminal.
    std::replace(s.begin(), s.end(), '\n', ' ');
    m_what = std::move(s);
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
            diagonal = above;
        }
    }
    return row[b.size()];
}

} // namespace corral
