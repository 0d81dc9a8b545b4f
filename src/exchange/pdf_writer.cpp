#include "exchange/pdf_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <cairo-pdf.h>
#include <cairo.h>


namespace exchange {
namespace {

// A4 in points, and the page's furniture.
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.890;
constexpr double kMargin = 42;
constexpr double kTop = 50;
constexpr double kBottom = kPageHeight - 58; // body ends here; the footer sits below
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr const char* kFont = "DejaVu Sans";

constexpr uint32_t kInk = 0x222222;
constexpr uint32_t kNavy = 0x1f3a5f;
constexpr uint32_t kGrey = 0x5f6670;
constexpr uint32_t kRule = 0xc3cad3;
constexpr uint32_t kHeaderFill = 0xe2e8f0;
constexpr uint32_t kStripe = 0xf5f7fa;
constexpr uint32_t kBar = 0x4a78b0;

constexpr double kBodySize = 9.5;
constexpr double kTableSize = 8.5;
constexpr double kSmallSize = 8;
constexpr double kPad = 3.5;

struct Cancelled {};

std::size_t utf8Next(const std::string& s, std::size_t i)
{
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80)
        ++i;
    return i;
}

// The text with every byte that is not part of valid UTF-8 replaced by '?': cairo refuses
// the whole page for one bad byte.
std::string validUtf8(const std::string& s)
{
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
        unsigned char c = b(i);
        std::size_t length = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        bool ok = length > 0 && i + length <= s.size();
        for (std::size_t k = 1; ok && k < length; ++k)
            ok = (b(i + k) & 0xC0) == 0x80;
        if (ok && length >= 3) {
            unsigned char second = b(i + 1);
            ok = !(c == 0xE0 && second < 0xA0) && !(c == 0xED && second > 0x9F) && !(c == 0xF0 && second < 0x90)
                 && !(c == 0xF4 && second > 0x8F);
        }
        if (!ok) {
            out += '?';
            ++i;
            continue;
        }
        out.append(s, i, length);
        i += length;
    }
    return out;
}

ReportDocument sanitised(const ReportDocument& in)
{
    ReportDocument d = in;
    for (std::string* t : {&d.title, &d.subtitle, &d.note, &d.footer})
        *t = validUtf8(*t);
    for (auto& [label, value] : d.facts) {
        label = validUtf8(label);
        value = validUtf8(value);
    }
    for (ReportSection& section : d.sections) {
        section.heading = validUtf8(section.heading);
        for (ReportBlock& block : section.blocks) {
            if (auto* p = std::get_if<ReportParagraph>(&block)) {
                p->text = validUtf8(p->text);
            } else if (auto* sub = std::get_if<ReportSubheading>(&block)) {
                sub->text = validUtf8(sub->text);
            } else if (auto* c = std::get_if<ReportChart>(&block)) {
                c->title = validUtf8(c->title);
                c->whenEmpty = validUtf8(c->whenEmpty);
                for (ReportBar& bar : c->bars) {
                    bar.label = validUtf8(bar.label);
                    bar.valueText = validUtf8(bar.valueText);
                }
            } else if (auto* t = std::get_if<ReportTable>(&block)) {
                t->whenEmpty = validUtf8(t->whenEmpty);
                for (std::string& h : t->header)
                    h = validUtf8(h);
                for (auto& row : t->rows)
                    for (ReportCell& cell : row)
                        cell.text = validUtf8(cell.text);
            }
        }
    }
    return d;
}

// Lays out and (when m_draw) draws on one cairo context. Pass 1 measures on a recording
// surface to count pages; pass 2 draws the same layout on the PDF surface, so both passes
// must take the same decisions: text metrics are unhinted on both.
class Layout {
public:
    Layout(cairo_t* cr, bool draw, int totalPages, const ReportDocument& doc, const ReportProgress& progress)
        : m_cr(cr), m_draw(draw), m_total(totalPages), m_doc(doc), m_progress(progress)
    {
        cairo_font_options_t* options = cairo_font_options_create();
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
        cairo_set_font_options(m_cr, options);
        cairo_font_options_destroy(options);
    }

    int run()
    {
        titleBlock();
        for (const ReportSection& section : m_doc.sections) {
            heading(section, leadHeight(section.blocks, 0));
            for (std::size_t i = 0; i < section.blocks.size(); ++i) {
                const ReportBlock& block = section.blocks[i];
                if (const auto* p = std::get_if<ReportParagraph>(&block))
                    paragraph(*p);
                else if (const auto* s = std::get_if<ReportSubheading>(&block))
                    subheading(s->text, leadHeight(section.blocks, i + 1));
                else if (const auto* c = std::get_if<ReportChart>(&block))
                    chart(*c);
                else if (const auto* t = std::get_if<ReportTable>(&block))
                    table(*t);
            }
        }
        finishPage();
        return m_page;
    }

private:
    void font(double size, bool bold)
    {
        cairo_select_font_face(m_cr, kFont, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(m_cr, size);
        m_size = size;
        m_bold = bold;
    }
    double lineHeight() const { return m_size * 1.32; }
    double width(const std::string& text)
    {
        cairo_text_extents_t e;
        cairo_text_extents(m_cr, text.c_str(), &e);
        return e.x_advance;
    }
    void colour(uint32_t rgb)
    {
        cairo_set_source_rgb(m_cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
    }
    // Text with its top at `top` (baseline a font ascent below).
    void text(double x, double top, const std::string& s, uint32_t rgb = kInk)
    {
        if (!m_draw || s.empty())
            return;
        colour(rgb);
        cairo_move_to(m_cr, x, top + m_size * 0.93);
        cairo_show_text(m_cr, s.c_str());
    }
    void rect(double x, double y, double w, double h, uint32_t rgb)
    {
        if (!m_draw)
            return;
        colour(rgb);
        cairo_rectangle(m_cr, x, y, w, h);
        cairo_fill(m_cr);
    }
    void line(double x0, double y0, double x1, double y1, uint32_t rgb, double lineWidth)
    {
        if (!m_draw)
            return;
        colour(rgb);
        cairo_set_line_width(m_cr, lineWidth);
        cairo_move_to(m_cr, x0, y0);
        cairo_line_to(m_cr, x1, y1);
        cairo_stroke(m_cr);
    }

    // Greedy word wrap in the current font; a word wider than the line is cut between
    // characters. Line breaks in the text are kept. At least one (maybe empty) line.
    std::vector<std::string> wrap(const std::string& s, double maxWidth)
    {
        std::vector<std::string> lines;
        std::size_t start = 0;
        for (;;) {
            std::size_t end = s.find('\n', start);
            std::string para = s.substr(start, end == std::string::npos ? std::string::npos : end - start);
            std::replace(para.begin(), para.end(), '\t', ' ');
            std::replace(para.begin(), para.end(), '\r', ' ');
            std::string current;
            std::size_t i = 0;
            while (i < para.size()) {
                std::size_t j = para.find(' ', i);
                std::string word = para.substr(i, j == std::string::npos ? std::string::npos : j - i);
                i = j == std::string::npos ? para.size() : j + 1;
                if (word.empty())
                    continue;
                std::string candidate = current.empty() ? word : current + " " + word;
                if (width(candidate) <= maxWidth) {
                    current = candidate;
                    continue;
                }
                if (!current.empty())
                    lines.push_back(current);
                current.clear();
                // The word alone: cut it while it is too wide.
                while (width(word) > maxWidth) {
                    std::size_t cut = 0;
                    for (std::size_t k = utf8Next(word, 0); k <= word.size(); k = utf8Next(word, k)) {
                        if (width(word.substr(0, k)) > maxWidth)
                            break;
                        cut = k;
                        if (k == word.size())
                            break;
                    }
                    if (cut == 0)
                        cut = utf8Next(word, 0);
                    lines.push_back(word.substr(0, cut));
                    word = word.substr(cut);
                }
                current = word;
            }
            lines.push_back(current);
            if (end == std::string::npos)
                break;
            start = end + 1;
        }
        return lines;
    }

    void footer()
    {
        if (!m_draw)
            return;
        const double size = m_size;
        const bool bold = m_bold;
        line(kMargin, kPageHeight - 40, kPageWidth - kMargin, kPageHeight - 40, kRule, 0.5);
        font(kSmallSize, false);
        text(kMargin, kPageHeight - 35, m_doc.footer, kGrey);
        std::string number = "page " + std::to_string(m_page) + " of " + std::to_string(m_total);
        text(kPageWidth - kMargin - width(number), kPageHeight - 35, number, kGrey);
        font(size, bold); // the page break came in the middle of someone's text
    }
    void finishPage()
    {
        footer();
        if (m_draw) {
            cairo_show_page(m_cr);
            if (m_progress && !m_progress(static_cast<double>(m_page) / std::max(1, m_total)))
                throw Cancelled{};
        }
    }
    void newPage()
    {
        finishPage();
        ++m_page;
        m_y = kTop;
    }
    // Starts a new page unless `height` still fits on this one.
    void ensure(double height)
    {
        if (m_y + height > kBottom && m_y > kTop)
            newPage();
    }

    void titleBlock()
    {
        m_y = kTop;
        rect(kMargin, m_y, kContentWidth, 4, kNavy);
        m_y += 14;
        font(18, true);
        for (const std::string& l : wrap(m_doc.title, kContentWidth)) {
            text(kMargin, m_y, l, kNavy);
            m_y += lineHeight();
        }
        if (!m_doc.subtitle.empty()) {
            font(11, false);
            for (const std::string& l : wrap(m_doc.subtitle, kContentWidth)) {
                text(kMargin, m_y, l, kGrey);
                m_y += lineHeight();
            }
        }
        m_y += 8;
        // Facts in two columns of label and value.
        const double column = kContentWidth / 2;
        font(kBodySize, true);
        double labelWidth = 60;
        for (const auto& [label, value] : m_doc.facts)
            labelWidth = std::max(labelWidth, width(label) + 10);
        labelWidth = std::min(labelWidth, column * 0.5);
        for (std::size_t i = 0; i < m_doc.facts.size(); i += 2) {
            double rowHeight = 0;
            for (std::size_t k = i; k < std::min(i + 2, m_doc.facts.size()); ++k) {
                double x = kMargin + static_cast<double>(k - i) * column;
                font(kBodySize, true);
                text(x, m_y, m_doc.facts[k].first, kGrey);
                font(kBodySize, false);
                auto lines = wrap(m_doc.facts[k].second.empty() ? "-" : m_doc.facts[k].second, column - labelWidth - 8);
                for (std::size_t n = 0; n < lines.size(); ++n)
                    text(x + labelWidth, m_y + static_cast<double>(n) * lineHeight(), lines[n]);
                rowHeight = std::max(rowHeight, static_cast<double>(lines.size()) * lineHeight());
            }
            m_y += rowHeight + 2;
        }
        if (!m_doc.note.empty()) {
            m_y += 6;
            font(kSmallSize, false);
            for (const std::string& l : wrap(m_doc.note, kContentWidth)) {
                text(kMargin, m_y, l, kGrey);
                m_y += lineHeight();
            }
        }
        m_y += 6;
        line(kMargin, m_y, kPageWidth - kMargin, m_y, kRule, 0.8);
        m_y += 12;
    }

    void heading(const ReportSection& section, double lead)
    {
        if (section.heading.empty())
            return;
        font(13, true);
        ensure(lineHeight() + 12 + lead); // keep the heading with the start of what follows
        m_y += 4;
        text(kMargin, m_y, section.heading, kNavy);
        m_y += lineHeight() + 1;
        line(kMargin, m_y, kPageWidth - kMargin, m_y, kNavy, 0.6);
        m_y += 7;
    }

    void subheading(const std::string& s, double lead)
    {
        font(10.5, true);
        ensure(lineHeight() + 6 + lead);
        m_y += 3;
        for (const std::string& l : wrap(s, kContentWidth)) {
            text(kMargin, m_y, l, kInk);
            m_y += lineHeight();
        }
        m_y += 3;
    }

    void paragraph(const ReportParagraph& p)
    {
        font(p.small ? kSmallSize : kBodySize, false);
        for (const std::string& l : wrap(p.text, kContentWidth)) {
            ensure(lineHeight());
            text(kMargin, m_y, l, p.small ? kGrey : kInk);
            m_y += lineHeight();
        }
        m_y += 6;
    }

    static constexpr double kBarRow = 16;

    double chartHeight(const ReportChart& c)
    {
        font(kBodySize, true);
        return (c.title.empty() ? 0 : lineHeight() + 4) + kBarRow * static_cast<double>(std::max<std::size_t>(c.bars.size(), 1)) + 8;
    }

    double paragraphHeight(const ReportParagraph& p)
    {
        font(p.small ? kSmallSize : kBodySize, false);
        return static_cast<double>(wrap(p.text, kContentWidth).size()) * lineHeight() + 6;
    }

    // What must follow a heading on its page: the paragraphs after it and the first chart
    // or table (a table: its header and first row, or all of it when kept together).
    double leadHeight(const std::vector<ReportBlock>& blocks, std::size_t from)
    {
        double height = 0;
        for (std::size_t i = from; i < blocks.size(); ++i) {
            const ReportBlock& b = blocks[i];
            if (const auto* p = std::get_if<ReportParagraph>(&b)) {
                height += paragraphHeight(*p);
                continue;
            }
            if (const auto* c = std::get_if<ReportChart>(&b)) {
                height += chartHeight(*c);
            } else if (const auto* t = std::get_if<ReportTable>(&b)) {
                if (!t->inPdf)
                    continue;
                TableLayout l = measureTable(*t);
                height += l.rows.empty() ? lineHeight() : (t->keepTogether ? l.total : l.header + l.rows.front());
            } else if (const auto* sub = std::get_if<ReportSubheading>(&b)) {
                font(10.5, true);
                height += static_cast<double>(wrap(sub->text, kContentWidth).size()) * lineHeight() + 6;
                continue; // and what the subheading introduces
            }
            break;
        }
        return std::min(height, (kBottom - kTop) * 0.6);
    }

    void chart(const ReportChart& c)
    {
        const double barHeight = 11, rowHeight = kBarRow;
        double height = chartHeight(c);
        font(kBodySize, true);
        if (height < kBottom - kTop)
            ensure(height);
        if (!c.title.empty()) {
            text(kMargin, m_y, c.title, kInk);
            m_y += lineHeight() + 4;
        }
        if (c.bars.empty()) {
            paragraph({c.whenEmpty.empty() ? "Nothing to show." : c.whenEmpty, true});
            return;
        }
        const double labelWidth = kContentWidth * 0.36;
        const double valueWidth = 70;
        const double barLeft = kMargin + labelWidth + 6;
        const double barSpace = kContentWidth - labelWidth - 6 - valueWidth;
        double top = 0;
        for (const ReportBar& b : c.bars)
            top = std::max(top, b.value);
        font(kTableSize, false);
        const double chartTop = m_y;
        for (const ReportBar& b : c.bars) {
            ensure(rowHeight);
            std::string label = b.label;
            if (width(label) > labelWidth - 4) {
                // Whole characters only: cairo refuses a string cut inside one.
                while (!label.empty() && width(label + "...") > labelWidth - 4) {
                    while (label.size() > 1 && (static_cast<unsigned char>(label.back()) & 0xC0) == 0x80)
                        label.pop_back();
                    label.pop_back();
                }
                label += "...";
            }
            const double textTop = m_y + (rowHeight - m_size) / 2 - 1;
            text(kMargin + labelWidth - width(label), textTop, label);
            double w = top > 0 ? barSpace * b.value / top : 0;
            if (b.value > 0)
                w = std::max(w, 1.5);
            rect(barLeft, m_y + (rowHeight - barHeight) / 2, w, barHeight, b.colour.value_or(kBar));
            text(barLeft + w + 4, textTop, b.valueText, kInk);
            m_y += rowHeight;
        }
        if (m_y > chartTop)
            line(barLeft, std::max(chartTop, kTop), barLeft, m_y, kGrey, 0.6);
        m_y += 8;
    }

    struct Row {
        std::vector<std::vector<std::string>> lines; // per cell
        std::vector<bool> right;                     // right-aligned (numbers)
    };

    Row layoutRow(const std::vector<std::string>& cells, const std::vector<bool>& numeric, const std::vector<double>& widths)
    {
        Row row;
        for (std::size_t c = 0; c < widths.size(); ++c) {
            std::string s = c < cells.size() ? cells[c] : std::string();
            row.lines.push_back(wrap(s, widths[c] - 2 * kPad));
            row.right.push_back(c < numeric.size() && numeric[c]);
        }
        return row;
    }

    // Draws lines [from, from + count) of every cell of `row` at m_y and advances.
    void drawRowPart(const Row& row, const std::vector<double>& widths, std::size_t from, std::size_t count, uint32_t fill,
                     bool bold)
    {
        const double height = static_cast<double>(count) * lineHeight() + 2 * kPad;
        if (fill != 0xffffff)
            rect(kMargin, m_y, kContentWidth, height, fill);
        double x = kMargin;
        for (std::size_t c = 0; c < widths.size(); ++c) {
            const auto& lines = row.lines[c];
            for (std::size_t n = from; n < std::min(from + count, lines.size()); ++n) {
                double top = m_y + kPad + static_cast<double>(n - from) * lineHeight();
                double left = row.right[c] ? x + widths[c] - kPad - width(lines[n]) : x + kPad;
                text(left, top, lines[n], bold ? kNavy : kInk);
            }
            x += widths[c];
        }
        line(kMargin, m_y + height, kMargin + kContentWidth, m_y + height, kRule, 0.5);
        m_y += height;
    }

    void tableHeader(const Row& header, const std::vector<double>& widths)
    {
        font(kTableSize, true);
        std::size_t n = 0;
        for (const auto& l : header.lines)
            n = std::max(n, l.size());
        line(kMargin, m_y, kMargin + kContentWidth, m_y, kRule, 0.5);
        drawRowPart(header, widths, 0, n, kHeaderFill, true);
        font(kTableSize, false);
    }

    struct TableLayout {
        std::vector<double> widths;
        Row headerRow;
        std::vector<Row> bodyRows;
        double header = 0;        // height of the header row
        std::vector<double> rows; // height of each row
        double total = 0;         // header and every row
    };

    TableLayout measureTable(const ReportTable& t)
    {
        TableLayout l;
        const std::size_t columns = t.header.size();
        l.widths.assign(columns, kContentWidth / static_cast<double>(std::max<std::size_t>(columns, 1)));
        if (t.widths.size() == columns) {
            double sum = 0;
            for (double w : t.widths)
                sum += w;
            for (std::size_t c = 0; c < columns; ++c)
                l.widths[c] = kContentWidth * t.widths[c] / sum;
        }
        auto height = [&](const Row& r) {
            std::size_t n = 1;
            for (const auto& lines : r.lines)
                n = std::max(n, lines.size());
            return static_cast<double>(n) * lineHeight() + 2 * kPad;
        };
        // A column of numbers is right-aligned, its header too.
        std::vector<bool> numericColumn(columns, false), textColumn(columns, false);
        for (const auto& cells : t.rows)
            for (std::size_t c = 0; c < columns && c < cells.size(); ++c) {
                if (cells[c].number)
                    numericColumn[c] = true;
                else if (!cells[c].text.empty())
                    textColumn[c] = true;
            }
        for (std::size_t c = 0; c < columns; ++c)
            numericColumn[c] = numericColumn[c] && !textColumn[c];
        font(kTableSize, true);
        l.headerRow = layoutRow(t.header, numericColumn, l.widths);
        l.header = height(l.headerRow);
        font(kTableSize, false);
        for (const auto& cells : t.rows) {
            std::vector<std::string> texts;
            std::vector<bool> numeric;
            for (const ReportCell& c : cells) {
                texts.push_back(c.text);
                numeric.push_back(c.number.has_value());
            }
            l.bodyRows.push_back(layoutRow(texts, numeric, l.widths));
            l.rows.push_back(height(l.bodyRows.back()));
        }
        l.total = l.header;
        for (double h : l.rows)
            l.total += h;
        return l;
    }

    void table(const ReportTable& t)
    {
        if (!t.inPdf)
            return;
        if (t.rows.empty()) {
            paragraph({t.whenEmpty.empty() ? "None." : t.whenEmpty, false});
            return;
        }
        TableLayout l = measureTable(t);
        const std::vector<double>& widths = l.widths;
        const Row& header = l.headerRow;
        const double headerHeight = l.header;
        if (t.keepTogether && l.total <= kBottom - kTop)
            ensure(l.total);
        // The header with at least the first row (or three lines of it).
        ensure(headerHeight + std::min(l.rows[0], 3 * lineHeight() + 2 * kPad));
        tableHeader(header, widths);
        for (std::size_t r = 0; r < l.bodyRows.size(); ++r) {
            const Row& row = l.bodyRows[r];
            const uint32_t fill = r % 2 ? kStripe : 0xffffff;
            std::size_t total = 1;
            for (const auto& lines : row.lines)
                total = std::max(total, lines.size());
            std::size_t drawn = 0;
            while (drawn < total) {
                const std::size_t remaining = total - drawn;
                if (m_y + static_cast<double>(remaining) * lineHeight() + 2 * kPad <= kBottom) {
                    drawRowPart(row, widths, drawn, remaining, fill, false);
                    break;
                }
                const bool fresh = m_y <= kTop + headerHeight + 0.5;
                if (!fresh) {
                    newPage();
                    tableHeader(header, widths);
                    continue;
                }
                // Taller than a page: what fits here, the rest on the next page.
                auto fit = static_cast<std::size_t>(std::max(1.0, std::floor((kBottom - m_y - 2 * kPad) / lineHeight())));
                drawRowPart(row, widths, drawn, fit, fill, false);
                drawn += fit;
                newPage();
                tableHeader(header, widths);
            }
        }
        m_y += 10;
    }

    cairo_t* m_cr;
    bool m_draw;
    int m_total;
    const ReportDocument& m_doc;
    const ReportProgress& m_progress;
    int m_page = 1;
    double m_y = kTop;
    double m_size = kBodySize;
    bool m_bold = false;
};

cairo_status_t writeToFile(void* closure, const unsigned char* data, unsigned int length)
{
    auto* file = static_cast<common::OutputFile*>(closure);
    return std::fwrite(data, 1, length, file->stream()) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

} // namespace

common::Result<int> writeReportPdf(const ReportDocument& original, const std::filesystem::path& file,
                                   const ReportProgress& progress, const common::OutputPolicy& policy)
{
    const ReportDocument document = sanitised(original);
    auto out = common::OutputFile::create(file, policy);
    if (!out)
        return out.error();

    // Pass 1: count the pages.
    int pages = 0;
    {
        cairo_surface_t* measure = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, nullptr);
        cairo_t* cr = cairo_create(measure);
        pages = Layout(cr, false, 0, document, progress).run();
        cairo_destroy(cr);
        cairo_surface_destroy(measure);
    }

    // Pass 2: draw.
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(writeToFile, &*out, kPageWidth, kPageHeight);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, document.title.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "bwv-review");
    cairo_t* cr = cairo_create(surface);
    bool cancelled = false;
    try {
        Layout(cr, true, pages, document, progress).run();
    } catch (const Cancelled&) {
        cancelled = true;
    }
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (cancelled)
        return common::makeError(common::ErrorCode::Cancelled, "the report was cancelled", file.string());
    if (status != CAIRO_STATUS_SUCCESS)
        return common::makeError(common::ErrorCode::Io, std::string("drawing the report failed: ") + cairo_status_to_string(status),
                                 file.string());
    if (progress && !progress(1.0))
        return common::makeError(common::ErrorCode::Cancelled, "the report was cancelled", file.string());
    if (auto done = out->commit(); !done)
        return done.error();
    return pages;
}

} // namespace exchange
