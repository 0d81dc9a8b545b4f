#include "exchange/pii_words.hpp"

#include <fstream>
#include <sstream>

namespace exchange {
namespace {

bool isAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char upperAscii(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// The fallback when no word list is installed: common English words that start
// sentences or turn up capitalised in panel text. Everything else reads as Unknown, so
// without `wbritish` the check flags many capitalised words that are not names (the test
// measures how many) but misses no name that the full list would find.
constexpr std::string_view kBuiltInWords =
    "a about above across act action actions after afternoon again against age all also although always am an "
    "and another any anyone anything are area arm arms around arrest arrested as ask asked asks at away back bad "
    "bag be because been before behaviour behind being below best better between black body both boy bus but by "
    "call called calls calm came camera can car case cash caught centre chair change child children clear clearly "
    "code college come comes community concern could council court crime criminal custody day days de did "
    "different do does dog done door down drug drugs during each early east either else end ended enough entitlement "
    "even evening ever every everyone evidence explain explained explains face fact family far feedback felt few "
    "find first five follow for force form found four free friday from front full further gave general get gets "
    "give given gives go going good got great grey grounds group had hand hands handcuffs has have he head her here "
    "high him his home hope how however i if in information inside into is it its just keep kept kind knife know "
    "last late later learning least left less let life like line little long look looked looks lot made main make "
    "man many may me mean meanwhile member members men met might mind minute minutes misuse monitoring more morning "
    "most mother much must my name near need never new next night no none nor north not nothing now number object "
    "of off office officer officers often ok on once one only open or order other others our out outside over own "
    "panel part people person phone place please point points police possession power practice present public "
    "question questions quite rather really reason reasonable record red report reported response right road room "
    "safeguarding said same saw say says school search searched searches second section see seen sergeant service "
    "she should shouted side since smell so some someone something soon south speak square stand started station "
    "still stop stopped street subject such summary take taken team than thank thanks that the their them then "
    "there these they thing think this those though three through throughout time to today told tone too took "
    "towards training two under unit until up upon us use used very video view voice want wanted was watch way we "
    "well went were west what when where whether which while white who whole why will with within without woman "
    "women worn would yes yet you young your youth";

} // namespace

common::Result<WordList> WordList::load(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return common::makeError(common::ErrorCode::InvalidInput, "the word list cannot be read", file.string());
    std::ostringstream all;
    all << in.rdbuf();
    WordList list;
    list.m_text = std::make_unique<std::string>(std::move(all).str());
    const std::string& text = *list.m_text;
    list.m_words.reserve(text.size() / 8);
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find('\n', at);
        if (end == std::string::npos)
            end = text.size();
        std::string_view word(text.data() + at, end - at);
        if (!word.empty() && word.back() == '\r')
            word.remove_suffix(1);
        // Possessives ("Ahmed's") are a quarter of the list and never looked up; words with
        // letters outside ASCII ("café") cannot match a token, which is ASCII only.
        bool plain = !word.empty();
        for (char c : word)
            plain = plain && isAsciiLetter(c);
        if (plain)
            list.m_words.insert(word);
        at = end + 1;
    }
    if (list.m_words.empty())
        return common::makeError(common::ErrorCode::InvalidInput, "the word list holds no words", file.string());
    list.m_description = file.filename().string() + " (" + std::to_string(list.m_words.size()) + " words)";
    return list;
}

WordList WordList::builtIn()
{
    WordList list;
    list.m_builtIn = true;
    std::string_view text = kBuiltInWords;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find(' ', at);
        if (end == std::string_view::npos)
            end = text.size();
        list.m_words.insert(text.substr(at, end - at));
        at = end + 1;
    }
    list.m_description = "built-in list (" + std::to_string(list.m_words.size()) + " words)";
    return list;
}

const WordList& WordList::system()
{
    // Read once, at the first check, so that a command that exports nothing does not pay
    // for it (about 30 ms for wbritish's 100 000 words).
    static const WordList kSystem = [] {
        auto loaded = load("/usr/share/dict/british-english");
        return loaded ? std::move(*loaded) : builtIn();
    }();
    return kSystem;
}

WordClass WordList::classify(std::string_view word) const
{
    // Short words on the stack: longer ones are no English word and no name in the list.
    char lower[48];
    char capital[48];
    if (word.empty() || word.size() > sizeof lower)
        return WordClass::Unknown;
    for (std::size_t i = 0; i < word.size(); ++i) {
        lower[i] = lowerAscii(word[i]);
        capital[i] = i == 0 ? upperAscii(word[i]) : lower[i];
    }
    bool inLower = m_words.count(std::string_view(lower, word.size())) > 0;
    // "McDonald" is listed as written, "Khan" as capitalised.
    std::string_view lowerView(lower, word.size());
    bool inProper = m_words.count(std::string_view(capital, word.size())) > 0 ||
                    (word != lowerView && m_words.count(word) > 0);
    if (inLower)
        return inProper ? WordClass::Both : WordClass::English;
    if (inProper)
        return WordClass::Proper;
    // Plurals the list leaves out ("Apologies", "the Patels"): as the singular reads.
    std::size_t n = word.size();
    if (n > 3 && lower[n - 1] == 's' && lower[n - 2] != 's') {
        for (std::string_view singular : {word.substr(0, n - 1), word.substr(0, n - 2)}) {
            WordClass c = classify(singular);
            if (c != WordClass::Unknown)
                return c;
            if (lower[n - 2] != 'e')
                break;
        }
        if (n > 4 && lower[n - 2] == 'e' && lower[n - 3] == 'i') {
            std::string y(word.substr(0, n - 3));
            y += 'y';
            if (classify(y) != WordClass::Unknown)
                return classify(y);
        }
    }
    return WordClass::Unknown;
}

} // namespace exchange
