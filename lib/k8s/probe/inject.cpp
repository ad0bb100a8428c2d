#include "k8s/probe/inject.hpp"

#include "core/error.hpp"
#include "core/yaml.hpp"
#include "k8s/manifest.hpp"
#include "k8s/manifest_json.hpp"

#include <algorithm>
#include <optional>

namespace corral::k8s {

namespace {

struct Edit {
    std::size_t begin = 0; // absolute byte offsets in the input
    std::size_t end = 0;   // [begin, end) is removed
    std::string text;      // inserted at begin
};

// Line geometry of one document's text.
class Lines {
public:
    explicit Lines(std::string_view text) : m_text(text) {
        m_starts.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\n' && i + 1 < text.size()) {
                m_starts.push_back(i + 1);
            }
        }
    }
    int count() const { return static_cast<int>(m_starts.size()); }
    std::size_t start(int line) const {
        return line < count() ? m_starts[static_cast<std::size_t>(line)] : m_text.size();
    }
    // Offset just past the line's '\n' (or the end of the text).
    std::size_t next(int line) const { return start(line + 1); }
    std::string_view text(int line) const {
        std::size_t b = start(line);
        std::size_t e = next(line);
        return m_text.substr(b, e - b);
    }
    bool ends_with_newline(int line) const {
        auto t = text(line);
        return !t.empty() && t.back() == '\n';
    }
    bool crlf(int line) const {
        auto t = text(line);
        return t.size() >= 2 && t[t.size() - 2] == '\r';
    }
    // Blank or comment-only lines carry no structure.
    bool blank(int line) const {
        for (char c : text(line)) {
            if (c == '#') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }
    int indent(int line) const {
        int n = 0;
        for (char c : text(line)) {
            if (c != ' ') {
                break;
            }
            ++n;
        }
        return n;
    }
    // Last line of the block that starts on `first` and continues with lines indented more than
    // `column` (or equally, when `equal_continues`), skipping blank and comment lines.
    int block_end(int first, int column, bool equal_continues) const {
        int last = first;
        for (int l = first + 1; l < count(); ++l) {
            if (blank(l)) {
                continue;
            }
            int i = indent(l);
            if (i > column || (equal_continues && i == column)) {
                last = l;
            } else {
                break;
            }
        }
        return last;
    }

private:
    std::string_view m_text;
    std::vector<std::size_t> m_starts;
};

// Indentation step of nested mappings in this container (then the document), default 2.
int detect_step(const Lines& lines, int first, int last) {
    for (int pass = 0; pass < 2; ++pass) {
        int from = pass == 0 ? first : 0;
        int to = pass == 0 ? last : lines.count() - 1;
        for (int l = from; l < to; ++l) {
            auto t = lines.text(l);
            while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) {
                t.remove_suffix(1);
            }
            if (t.empty() || t.back() != ':' || lines.blank(l)) {
                continue;
            }
            int n = l + 1;
            while (n <= to && lines.blank(n)) {
                ++n;
            }
            if (n > to) {
                continue;
            }
            // "- key:" lines open a mapping whose keys sit after the dash.
            int base = lines.indent(l);
            auto lt = lines.text(l).substr(static_cast<std::size_t>(base));
            if (lt.size() > 1 && lt[0] == '-' && lt[1] == ' ') {
                continue;
            }
            auto nt = lines.text(n).substr(static_cast<std::size_t>(lines.indent(n)));
            if (!nt.empty() && nt[0] == '-') {
                continue;
            }
            int step = lines.indent(n) - base;
            if (step > 0 && step <= 8) {
                return step;
            }
        }
    }
    return 2;
}

std::string join(const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) {
        s += (s.empty() ? "" : ", ") + n;
    }
    return s;
}

bool selected(const TreeContainer& c, const InjectOptions& options) {
    if (options.all_containers) {
        return c.list == ContainerList::regular || c.restartable_init;
    }
    return std::find(options.containers.begin(), options.containers.end(), c.name) !=
           options.containers.end();
}

int column_of(const ManifestDocument& doc, NodeId id) {
    return doc.tree[id].column + 1;
}

// Named ports of probes must exist in the container's ports (the kubelet resolves them).
void check_named_port(const std::string& file, const ManifestDocument& doc, const TreeContainer& c,
                      const GeneratedProbe& p) {
    const ManifestTree& t = doc.tree;
    for (auto it = p.probe.begin(); it != p.probe.end(); ++it) {
        if (!it.value().is_object() || !it.value().contains("port") ||
            !it.value()["port"].is_string()) {
            continue;
        }
        std::string name = it.value()["port"].get<std::string>();
        std::vector<std::string> names;
        for (NodeId port : t.items(t.get(c.node, "ports"))) {
            std::string n(t.scalar(t.get(port, "name")));
            if (!n.empty()) {
                names.push_back(n);
            }
        }
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            throw Error::input("container \"" + c.name + "\" has no port named \"" + name + "\"" +
                               (names.empty() ? " (it names no ports)"
                                              : " (its named ports: " + join(names) + ")"))
                .at(file, doc.line_of(c.node), column_of(doc, c.node))
                .field(c.path + ".ports");
        }
    }
}

// What the spliced text must contain once parsed again: the safety net against splicing into
// YAML whose layout the line scanner misjudged (the edit is refused instead of corrupting it).
struct Expectation {
    int doc = 0;
    int item = -1; // index in a kind: List, or -1
    ContainerList list = ContainerList::regular;
    int index = 0;
    std::string field;
    Json probe; // null: the probe must be gone
    std::string where;
};

// Plans the edits of one document at a time (documents are streamed: only one tree is held).
struct Planner {
    const std::string& file;
    const InjectOptions& options;
    InjectResult& result;
    std::vector<Edit> edits;
    std::vector<Expectation> expectations;
    int item_index = -1;
    std::optional<Lines> lines{};
    std::size_t lines_offset = 0;
    std::size_t lines_size = 0;

    void expect(const ManifestDocument& doc, const TreeContainer& c, const std::string& field,
                Json probe) {
        expectations.push_back(Expectation{doc.index, item_index, c.list, c.index, field,
                                           std::move(probe),
                                           file + ":" + std::to_string(doc.line_of(c.node))});
    }

    // A container written as a flow mapping: a JSON object (kubectl's JSON output) is edited
    // member by member in its own layout; YAML flow syntax that is not JSON is refused, unless
    // nothing has to change (the probe is already there).
    void plan_flow_container(const ManifestDocument& doc, const Lines& lines, const TreeWorkload& w,
                             const TreeContainer& c) {
        const ManifestTree& t = doc.tree;
        const NodeId node = c.node;
        std::optional<JsonObjectSpan> span;
        bool scanned = false;
        auto object = [&]() -> const JsonObjectSpan& {
            if (!scanned) {
                scanned = true;
                std::size_t open =
                    lines.start(t[node].line) + static_cast<std::size_t>(t[node].column);
                if (open < doc.text.size() && doc.text[open] == '{') {
                    span = scan_json_object(doc.text, open);
                }
            }
            if (!span) {
                throw Error::input("container \"" + c.name +
                                   "\" is written in YAML flow style ({...}) that is not JSON; "
                                   "corral will not rewrite it: write this container in block "
                                   "style (or as JSON)")
                    .at(file, doc.line_of(node), column_of(doc, node))
                    .field(c.path);
            }
            return *span;
        };
        auto member = [&](const std::string& field) {
            const auto& members = object().members;
            for (std::size_t i = 0; i < members.size(); ++i) {
                if (members[i].key == field) {
                    return i;
                }
            }
            throw Error::input("cannot find " + field + " in the container's JSON text")
                .at(file, doc.line_of(node), column_of(doc, node))
                .field(c.path);
        };
        auto edit = [&](const JsonSplice& splice) {
            return Edit{doc.offset + splice.begin, doc.offset + splice.end, splice.text};
        };
        plan_probe_edits(
            doc, w, c,
            [&](NodeId, const std::string& field) {
                return edit(json_remove_member(doc.text, object(), member(field)));
            },
            [&](NodeId, const std::string& field, const Json& probe) {
                return edit(json_replace_member(doc.text, object(), member(field), probe));
            },
            [&](const std::string& field, const Json& probe) {
                return edit(json_add_member(doc.text, object(), field, probe));
            });
    }

    void plan_container(const ManifestDocument& doc, const Lines& lines, const TreeWorkload& w,
                        const TreeContainer& c) {
        const ManifestTree& t = doc.tree;
        const NodeId node = c.node;
        auto fail = [&](NodeId n, const std::string& message) {
            throw Error::input(message).at(file, doc.line_of(n), column_of(doc, n)).field(c.path);
        };
        if (c.list == ContainerList::ephemeral) {
            fail(node, "ephemeral container \"" + c.name +
                           "\" cannot have probes (the API server forbids them)");
        }
        if (c.list == ContainerList::init && !c.restartable_init) {
            fail(node, "init container \"" + c.name +
                           "\" may not have probes without restartPolicy: Always");
        }
        if (!t.is_map(node)) {
            fail(node, "container is not a mapping");
        }
        if (t[node].flow) {
            plan_flow_container(doc, lines, w, c);
            return;
        }
        const int first = t[node].line;
        const int column = t[node].column;
        const int last = lines.block_end(first, column, true);
        const int step = detect_step(lines, first, last);
        const std::string eol = lines.crlf(first) ? "\r\n" : "\n";
        const std::size_t base = doc.offset;

        auto probe_range = [&](NodeId key, const std::string& field) -> Edit {
            int kline = t[key].line;
            if (t[key].column != column) {
                fail(key, "cannot edit " + field +
                              ": its key is not at the container's "
                              "indentation");
            }
            auto before = lines.text(kline).substr(0, static_cast<std::size_t>(column));
            if (before.find_first_not_of(' ') != std::string_view::npos) {
                fail(key, "cannot edit " + field +
                              " written on the list item's first line; "
                              "move it below another key");
            }
            int end = lines.block_end(kline, column, false);
            return Edit{base + lines.start(kline), base + lines.next(end), ""};
        };

        plan_probe_edits(
            doc, w, c, probe_range,
            [&](NodeId key, const std::string& field, const Json& probe) {
                Edit e = probe_range(key, field);
                e.text = probe_yaml(field, probe, column, step, eol);
                return e;
            },
            [&](const std::string& field, const Json& probe) {
                std::size_t at = base + lines.next(last);
                std::string text = probe_yaml(field, probe, column, step, eol);
                if (!lines.ends_with_newline(last)) {
                    text = eol + text;
                    // Keep the file's "no newline at end" state: drop ours at the very end.
                    text.resize(text.size() - eol.size());
                }
                return Edit{at, at, std::move(text)};
            });
    }

    // The --remove and probe changes of one container, the same for block YAML and for flow or
    // JSON text: `remove`, `replace` and `add` give the text edit of each in that syntax.
    template <typename Remove, typename Replace, typename Add>
    void plan_probe_edits(const ManifestDocument& doc, const TreeWorkload& w,
                          const TreeContainer& c, Remove remove, Replace replace, Add add) {
        const ManifestTree& t = doc.tree;
        const NodeId node = c.node;
        for (ProbeKind kind : options.remove) {
            std::string field(probe_field_name(kind));
            NodeId key = t.key(node, field);
            InjectChange change{w.object(), c.name, field, "unchanged", doc.line_of(node)};
            if (key != 0) {
                edits.push_back(remove(key, field));
                expect(doc, c, field, nullptr);
                change.action = "removed";
                change.line = doc.line_of(key);
            }
            result.changes.push_back(change);
        }
        for (const auto& p : options.probes) {
            std::string field(probe_field_name(p.kind));
            check_named_port(file, doc, c, p);
            NodeId key = t.key(node, field);
            InjectChange change{w.object(), c.name, field, "added", doc.line_of(node)};
            if (key != 0) {
                change.line = doc.line_of(key);
                Json existing = t.to_json(t.get(node, field), 100000);
                if (existing == p.probe) {
                    change.action = "unchanged";
                } else if (!options.overwrite) {
                    change.action = "kept";
                } else {
                    edits.push_back(replace(key, field, p.probe));
                    expect(doc, c, field, p.probe);
                    change.action = "replaced";
                }
            } else {
                edits.push_back(add(field, p.probe));
                expect(doc, c, field, p.probe);
            }
            result.changes.push_back(change);
        }
    }

    // One object of the stream: a document's root (item -1), or an item of a List.
    void plan_stream_object(const ManifestDocument& doc, NodeId root, int item) {
        if (item < 0) {
            if (!document_object_root(file, doc, root)) {
                return;
            }
        }
        // The line table of the text the object is in (a List read as one document gives
        // all its items in one text: built once).
        if (!lines || lines_offset != doc.offset || lines_size != doc.text.size()) {
            lines.emplace(doc.text);
            lines_offset = doc.offset;
            lines_size = doc.text.size();
        }
        item_index = item;
        plan_object(doc, *lines, root);
        item_index = -1;
    }

    void plan_object(const ManifestDocument& doc, const Lines& lines, NodeId root) {
        const ManifestTree& t = doc.tree;
        TreeWorkload w;
        if (!find_tree_workload(t, root, w)) {
            return;
        }
        ++result.workloads;
        for (const auto& c : w.containers) {
            if (c.name.empty() && t.is_map(c.node)) {
                throw Error::input("container has no name")
                    .at(file, doc.line_of(c.node), column_of(doc, c.node))
                    .field(c.path + ".name");
            }
            if (!c.name.empty() &&
                std::find(result.container_names.begin(), result.container_names.end(), c.name) ==
                    result.container_names.end()) {
                result.container_names.push_back(c.name);
            }
            if (!selected(c, options)) {
                continue;
            }
            result.matched = true;
            plan_container(doc, lines, w, c);
        }
    }
};

struct Refused {
    std::string where;
};

// Reads the spliced text again (document by document) and checks every expectation.
void verify(const std::string& file, std::string_view spliced,
            const std::vector<Expectation>& expectations) {
    auto refuse = [](const std::string& where) {
        return Error::input("cannot splice safely here: the layout of this container is too "
                            "unusual for line-based editing (nothing was written)")
            .at(where);
    };
    std::size_t next = 0; // expectations are in stream order (document, then item)
    try {
        for_each_manifest_object(
            file, spliced, [&](const ManifestDocument& doc, NodeId root, int item) {
                for (; next < expectations.size() && expectations[next].doc == doc.index &&
                       expectations[next].item == item;
                     ++next) {
                    const Expectation& e = expectations[next];
                    const ManifestTree& t = doc.tree;
                    TreeWorkload w;
                    const TreeContainer* c = nullptr;
                    if (t.is_map(root) && find_tree_workload(t, root, w)) {
                        for (const auto& x : w.containers) {
                            c = x.list == e.list && x.index == e.index ? &x : c;
                        }
                    }
                    if (c == nullptr) {
                        throw Refused{e.where};
                    }
                    NodeId value = t.get(c->node, e.field);
                    Json got = t.key(c->node, e.field) != 0 ? t.to_json(value, 100000) : Json();
                    if (got != e.probe) {
                        throw Refused{e.where};
                    }
                }
            });
    } catch (const Refused& r) {
        throw refuse(r.where);
    } catch (const Error&) {
        throw refuse(expectations.front().where);
    }
    if (next < expectations.size()) {
        throw refuse(expectations[next].where);
    }
}

} // namespace

InjectResult inject_probes_text(const std::string& name, std::string_view text,
                                const InjectOptions& options, const TextRelease& release) {
    InjectResult result;
    // UTF-16 (or a UTF-8 byte-order mark) is decoded, as kubectl reads it; plain UTF-8 is edited
    // where it lies, without a second copy (a mapped file is given back behind the reader).
    std::optional<DecodedInput> decoded;
    std::string_view content = text;
    TextRelease behind = release;
    auto b0 = content.empty() ? 0 : static_cast<unsigned char>(content[0]);
    if (b0 == 0xEF || b0 == 0xFF || b0 == 0xFE) {
        decoded = decode_input(InputFile{name, std::string(text)});
        result.encoding = decoded->encoding;
        content = decoded->file.content;
        behind = {}; // offsets in the decoded copy are not offsets in `text`
    }
    Planner planner{name, options, result, {}, {}, -1};
    for_each_manifest_object(
        name, content,
        [&](const ManifestDocument& doc, NodeId root, int item) {
            planner.plan_stream_object(doc, root, item);
        },
        behind);
    auto& edits = planner.edits;
    if (edits.empty()) {
        return result; // untouched: result.changed stays false, the input's bytes are the output
    }
    std::stable_sort(edits.begin(), edits.end(),
                     [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
    std::string out;
    std::size_t added = 0;
    for (const auto& e : edits) {
        added += e.text.size();
    }
    out.reserve(content.size() + added);
    std::size_t pos = 0;
    for (auto& e : edits) {
        if (e.begin < pos) {
            continue; // overlapping edit (cannot happen with distinct probe kinds)
        }
        out.append(content.substr(pos, e.begin - pos));
        out += e.text;
        pos = e.end;
        std::string().swap(e.text);
        if (behind) {
            behind(pos); // the copied text is given back as the output grows
        }
    }
    out.append(content.substr(pos));
    if (behind) {
        behind(content.size());
    }
    decoded.reset();
    std::vector<Edit>().swap(edits);
    if (!planner.expectations.empty()) {
        verify(name, out, planner.expectations);
    }
    // Written back in the input's encoding.
    result.text =
        result.encoding == TextEncoding::utf8 ? std::move(out) : encode_text(out, result.encoding);
    result.changed = true;
    return result;
}

InjectResult inject_probes(const InputFile& raw, const InjectOptions& options) {
    InjectResult result = inject_probes_text(raw.name, raw.content, options);
    if (!result.changed) {
        result.text = raw.content; // untouched input stays byte for byte
    }
    return result;
}

} // namespace corral::k8s
