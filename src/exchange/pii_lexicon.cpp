#include "exchange/pii_lexicon.hpp"

#include <array>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace exchange::pii {
namespace {

using WordSet = std::unordered_set<std::string_view>;

// Words separated by spaces; a set that lives as long as the program.
WordSet makeSet(std::string_view text)
{
    WordSet set;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find(' ', at);
        if (end == std::string_view::npos)
            end = text.size();
        if (end > at)
            set.insert(text.substr(at, end - at));
        at = end + 1;
    }
    return set;
}

// Phrases separated by '|', words by spaces: each phrase as its list of words.
std::vector<std::vector<std::string_view>> makePhrases(std::string_view text)
{
    std::vector<std::vector<std::string_view>> phrases;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find('|', at);
        if (end == std::string_view::npos)
            end = text.size();
        std::vector<std::string_view> words;
        std::string_view phrase = text.substr(at, end - at);
        std::size_t w = 0;
        while (w < phrase.size()) {
            std::size_t e = phrase.find(' ', w);
            if (e == std::string_view::npos)
                e = phrase.size();
            if (e > w)
                words.push_back(phrase.substr(w, e - w));
            w = e + 1;
        }
        if (!words.empty())
            phrases.push_back(std::move(words));
        at = end + 1;
    }
    return phrases;
}

// Does one of `phrases` end with the `count` words ending at lower[count - 1]?
bool endsWithPhrase(const std::vector<std::vector<std::string_view>>& phrases, const std::string_view* lower,
                    std::size_t count)
{
    for (const auto& p : phrases) {
        if (p.size() > count)
            continue;
        bool match = true;
        for (std::size_t k = 0; k < p.size() && match; ++k)
            match = lower[count - p.size() + k] == p[k];
        if (match)
            return true;
    }
    return false;
}

// Titles and ranks. Acronyms (capitals only) first, then words: "strong" ones are followed
// by a name whatever it is ("Mr Butcher", "PC Street"); after a weak one, whose words are
// also ordinary words ("Officer", "Sergeant") or abbreviations of other things ("DS", "PS"),
// only a word that can be a name counts.
struct TitleEntry {
    std::string_view words;
    bool acronym;
    bool strong;
};
constexpr std::array kTitles = {
    TitleEntry{"pcso", true, true},    TitleEntry{"pc", true, true},     TitleEntry{"wpc", true, true},
    TitleEntry{"dc", true, false},     TitleEntry{"tdc", true, true},    TitleEntry{"ds", true, false},
    TitleEntry{"ps", true, false},     TitleEntry{"di", true, false},    TitleEntry{"dci", true, true},
    TitleEntry{"dsu", true, true},     TitleEntry{"sc", true, false},    TitleEntry{"acc", true, false},
    TitleEntry{"dcc", true, false},    TitleEntry{"mr", false, true},    TitleEntry{"mrs", false, true},
    TitleEntry{"ms", false, true},     TitleEntry{"miss", false, true},  TitleEntry{"mx", false, true},
    TitleEntry{"mister", false, true}, TitleEntry{"dr", false, true},     TitleEntry{"doctor", false, false},    TitleEntry{"prof", false, true},
    TitleEntry{"professor", false, true}, TitleEntry{"cllr", false, true}, TitleEntry{"councillor", false, true},
    TitleEntry{"rev", false, true},    TitleEntry{"revd", false, true},  TitleEntry{"sgt", false, true},
    TitleEntry{"insp", false, true},   TitleEntry{"supt", false, true},  TitleEntry{"cmdr", false, true},
    TitleEntry{"det", false, true},    TitleEntry{"ch insp", false, true}, TitleEntry{"ch supt", false, true},
    TitleEntry{"det sgt", false, true}, TitleEntry{"det insp", false, true}, TitleEntry{"det con", false, true},
    TitleEntry{"det supt", false, true}, TitleEntry{"det ch insp", false, true},
    TitleEntry{"detective constable", false, true}, TitleEntry{"detective sergeant", false, true},
    TitleEntry{"detective inspector", false, true}, TitleEntry{"detective chief inspector", false, true},
    TitleEntry{"police constable", false, true},    TitleEntry{"police sergeant", false, true},
    TitleEntry{"special constable", false, true},   TitleEntry{"acting sergeant", false, true},
    TitleEntry{"acting inspector", false, true},    TitleEntry{"chief inspector", false, true},
    TitleEntry{"chief superintendent", false, true}, TitleEntry{"chief constable", false, true},
    TitleEntry{"superintendent", false, false}, TitleEntry{"inspector", false, false},
    TitleEntry{"sergeant", false, false}, TitleEntry{"constable", false, false},
    TitleEntry{"officer", false, false},  TitleEntry{"detective", false, false},
    TitleEntry{"commander", false, false}, TitleEntry{"sir", false, false},
    TitleEntry{"dame", false, false},     TitleEntry{"lord", false, false},
    TitleEntry{"lady", false, false},
};

// Capitalised words that are not names. Soft: places and months that are also given names.
constexpr std::string_view kSoftStops =
    "april may june august jordan chelsea victoria florence georgia sydney paris kent york lincoln "
    "richmond kingston brent sutton hayes stratford norwood camden chester preston";

// Days, places, peoples and brands: the capitalised word after one is part of its phrase
// ("Streatham Hill", "Canada Goose", "Black Prince") unless it is a name itself.
constexpr std::string_view kPlaceStops =
    // days, months, holidays
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun "
    "january february march july september october november december jan feb mar apr jun jul aug sep sept oct "
    "nov dec christmas easter ramadan eid diwali hanukkah halloween bonfire carnival xmas "
    // nationalities, ethnicities, religions (census categories and the communities panels name)
    "british english scottish welsh irish black white asian african caribbean somali nigerian ghanaian "
    "jamaican pakistani indian bangladeshi chinese polish romanian bulgarian lithuanian eritrean ethiopian "
    "sudanese syrian iraqi iranian afghan turkish kurdish albanian arab arabic european american latin "
    "portuguese spanish italian french german russian ukrainian congolese zimbabwean kenyan ugandan "
    "gypsy roma traveller travellers mixed afro muslim muslims christian christians sikh sikhs hindu hindus jewish "
    "jews buddhist rastafarian catholic islam islamic allah god jesus christ quran koran bible "
    // countries and nations
    "uk britain england scotland wales ireland europe africa asia america usa canada somalia nigeria ghana "
    "jamaica pakistan india bangladesh poland romania eritrea sudan syria iraq iran afghanistan turkey "
    "albania kosovo france spain portugal italy germany china congo kenya zimbabwe uganda ethiopia "
    // London boroughs and districts, UK cities and counties, named generically by panels
    "london barking dagenham croydon ealing greenwich hackney hammersmith fulham haringey hillingdon hounslow "
    "islington kensington lambeth lewisham newham redbridge southwark waltham wandsworth westminster hamlets "
    "peckham tottenham stockwell streatham kennington camberwell deptford catford woolwich walthamstow "
    "leyton dalston shoreditch holloway finsbury wembley harlesden willesden kilburn edmonton bermondsey "
    "mitcham tooting balham battersea putney paddington marylebone soho whitechapel poplar plaistow ilford "
    "romford southall uxbridge brixton barnet merton bexley enfield harrow havering acton clapham derby luton lozells handsworth chapeltown toxteth aston hulme longsight harehills "
    "birmingham manchester leeds liverpool bristol sheffield newcastle nottingham leicester coventry bradford "
    "cardiff swansea glasgow edinburgh belfast southampton portsmouth brighton plymouth oxford cambridge "
    "slough wolverhampton sunderland middlesbrough hull exeter norwich ipswich peterborough keynes northampton "
    "bolton salford oldham rochdale stockport wigan blackburn blackpool huddersfield wakefield doncaster "
    "rotherham barnsley walsall dudley sandwell gloucester cheltenham swindon bournemouth southend chelmsford "
    "colchester margate canterbury maidstone essex surrey sussex yorkshire lancashire merseyside cheshire "
    "devon cornwall somerset avon dorset hampshire wiltshire berkshire hertfordshire bedfordshire midlands "
    "thames cumbria durham northumbria cleveland humberside lincolnshire norfolk suffolk westfield "
    // brands, apps and shops named in descriptions
    "snapchat instagram whatsapp facebook tiktok twitter youtube google apple iphone ipad samsung android "
    "nike adidas puma gucci moncler trapstar tesco sainsbury's asda lidl aldi morrisons boots greggs "
    "mcdonald's kfc nando's subway costa starbucks uber deliveroo lime primark argos footlocker";

// Words of the police, the courts, the law and the panel that head title-case phrases.
constexpr std::string_view kHardStops =
    "police met metropolitan constabulary iopc mopac hmicfrs nhs crown prosecution magistrates court "
    "council borough mayor government parliament ofsted panel group community monitoring chair vice member "
    "members secretary coordinator independent advisory scrutiny stop search act section code order form "
    "record team unit support territorial neighbourhood safer violence reduction youth offending response "
    "body worn video camera cctv control backup ambulance mum dad nan madam sir "
    // the names of laws and public bodies ("Criminal Justice and Public Order Act")
    "justice criminal evidence crime disorder reform health mental safety equality rights human conduct "
    "professional practice standards authorised policing prevention knife firearms drugs misuse transport "
    "authority agency commission commissioner inspectorate department ministry trust board inquiry "
    // acronyms that are written in capitals, as a name after a title can be ("PC SMITH")
    "bwv cctv anpr pnc cad cid tsg mps pace gowisely urn nfa cps sar"
    ;

// Vehicle makes: the capitalised word after one is its model ("Nissan Micra").
constexpr std::string_view kMakes =
    "ford vauxhall bmw audi mercedes toyota honda nissan volkswagen vw kia hyundai peugeot renault citroen "
    "fiat skoda seat mini land range jaguar lexus mazda suzuki yamaha volvo tesla porsche dacia mitsubishi "
    "subaru bentley ferrari lamborghini piaggio vespa kawasaki ducati triumph";

constexpr std::string_view kStopPhrases =
    "stone island|canada goose|north face|air force|air max|moss side|st pauls|elephant and castle|"
    "notting hill|ladbroke grove|shepherd's bush|bethnal green|canning town|wood green|thornton heath|"
    "tower hamlets|waltham forest|milton keynes|west midlands|greater manchester|thames valley|"
    "south yorkshire|west yorkshire|new year|good friday|boxing day|bank holiday|home office|"
    "scotland yard|old bill|rose and crown";

constexpr std::string_view kRoles =
    "chair chairs vice-chair member members officer officers constable sergeant inspector superintendent "
    "secretary witness complainant caller subject suspect driver passenger brother sister mother father mum "
    "dad son daughter friend partner boyfriend girlfriend wife husband cousin uncle aunt nephew niece "
    "grandmother grandfather nan colleague observer teacher neighbour manager worker volunteer coder reviewer "
    "boy girl lad pcso";

constexpr std::string_view kNameTriggers =
    "named|called|calls|calling|name is|name's|name was|name as|the name|names are|known as|aka|"
    "shouts|shouted|shouting|dear|hi|hello|thanks|thank you";

constexpr std::string_view kPlaceSuffixes =
    "road rd street st lane avenue ave square way close crescent estate gardens place grove terrace mews "
    "drive parade broadway station centre common academy school college hospital mosque church temple "
    "market bridge circus town village house tower towers wharf quay court row walk rise hamlets "
    "pub inn arms bar club cafe restaurant hotel shop store library surgery pharmacy gym barbers";

constexpr std::string_view kDeterminers = "the a an this that these those our your their its every each any no some";

constexpr std::string_view kSubjectVerbs =
    "says said tells told asks asked is was has had gave gives shouted shouts replied replies explained "
    "explains agreed agrees felt feels thinks thought wants wanted refused refuses ran runs walked walks "
    "arrived arrives came comes did does didn't doesn't isn't wasn't who tried tries stayed stays kept keeps "
    "got gets went goes left leaves started starts stood stands appears appeared seems seemed answered answers "
    "admitted admits denied denies claimed claims complained complains objected objects cried cries "
    "swore swears laughed laughs smiled smiles";

constexpr std::string_view kOpeners =
    "a an the and but or so then when while if as after before because although though once until since "
    "later yesterday today tonight meanwhile also even still only both neither either not why how what where who "
    "whom whose which that this these those there here he she they we you it his her their our my your its "
    "ask tell contact call ring email write send see meet invite thank thanks please let get give show tell "
    "dear hi hello did does do was is were are has had have will would could should can may might must "
    "meanwhile afterwards eventually finally initially next first second third again now soon";

constexpr std::string_view kParticles = "van von de da di del della der den du le la bin ibn bint al el ul ben dos das";

constexpr std::string_view kAbbreviations =
    "mr mrs ms mx dr st no nos s ss para paras approx etc eg ie vs insp sgt supt ch det con ref tel mob inc "
    "ltd co pc dc ds ps di";

constexpr std::string_view kVehicleWords =
    "car cars van vans vehicle vehicles reg registration registered plate plates number-plate index vrm "
    "motorbike motorcycle moped scooter bike taxi cab lorry truck jeep suv hatchback saloon 4x4 driver "
    "driving drove parked anpr dvla";

constexpr std::string_view kReferenceWords =
    "ref reference references urn cad log incident crime occurrence job form exhibit case custody";

constexpr std::string_view kShoulderTriggers =
    "shoulder number|collar number|shoulder no|collar no|shoulder numbers|collar numbers|shoulder|collar|"
    "warrant number|warrant card number|badge number|his number|her number|their number|officer number";

// Each list as a set, built at first use (thread-safe static initialisation).
template <const std::string_view& kList>
const WordSet& set()
{
    static const WordSet kSet = makeSet(kList);
    return kSet;
}

// The titles by their first word, each as its words.
struct IndexedTitle {
    std::vector<std::string_view> words;
    bool acronym;
    bool strong;
};
const std::unordered_map<std::string_view, std::vector<IndexedTitle>>& titlesByFirstWord()
{
    static const auto kIndex = [] {
        std::unordered_map<std::string_view, std::vector<IndexedTitle>> index;
        for (const TitleEntry& t : kTitles) {
            IndexedTitle entry{makePhrases(t.words).front(), t.acronym, t.strong};
            index[entry.words.front()].push_back(std::move(entry));
        }
        return index;
    }();
    return kIndex;
}

} // namespace

Title matchTitle(const std::string_view* lower, std::size_t count)
{
    Title best;
    if (count == 0)
        return best;
    const auto& index = titlesByFirstWord();
    auto it = index.find(lower[0]);
    if (it == index.end())
        return best;
    for (const IndexedTitle& t : it->second) {
        if (t.words.size() > count || t.words.size() <= best.words)
            continue;
        bool match = true;
        for (std::size_t w = 1; w < t.words.size() && match; ++w)
            match = lower[w] == t.words[w];
        if (match)
            best = {t.words.size(), t.acronym, t.strong};
    }
    return best;
}

Stop stopWord(std::string_view lower)
{
    if (lower == "operation" || lower == "op")
        return Stop::Operation;
    if (lower == "st" || lower == "saint")
        return Stop::Saint;
    if (set<kMakes>().count(lower))
        return Stop::Make;
    if (set<kSoftStops>().count(lower))
        return Stop::Soft;
    if (set<kPlaceStops>().count(lower))
        return Stop::Place;
    if (set<kHardStops>().count(lower))
        return Stop::Hard;
    return Stop::None;
}

std::size_t stopPhrase(const std::string_view* lower, std::size_t count)
{
    static const auto kPhrases = makePhrases(kStopPhrases);
    std::size_t best = 0;
    for (const auto& p : kPhrases) {
        if (p.size() > count || p.size() <= best)
            continue;
        bool match = true;
        for (std::size_t k = 0; k < p.size() && match; ++k)
            match = lower[k] == p[k];
        if (match)
            best = p.size();
    }
    return best;
}

bool isRole(std::string_view lower) { return set<kRoles>().count(lower) > 0; }

bool isNameTrigger(const std::string_view* lower, std::size_t count)
{
    static const auto kPhrases = makePhrases(kNameTriggers);
    return endsWithPhrase(kPhrases, lower, count);
}

bool isPlaceSuffix(std::string_view lower) { return set<kPlaceSuffixes>().count(lower) > 0; }
bool isDeterminer(std::string_view lower) { return set<kDeterminers>().count(lower) > 0; }
bool isSubjectVerb(std::string_view lower) { return set<kSubjectVerbs>().count(lower) > 0; }
bool isSentenceOpener(std::string_view lower)
{
    return (lower.size() > 3 && lower.substr(lower.size() - 2) == "ly") || set<kOpeners>().count(lower) > 0;
}
bool isNameParticle(std::string_view lower) { return set<kParticles>().count(lower) > 0; }
bool isAbbreviation(std::string_view lower) { return set<kAbbreviations>().count(lower) > 0; }
bool isVehicleWord(std::string_view lower) { return set<kVehicleWords>().count(lower) > 0 || set<kMakes>().count(lower) > 0; }
bool isReferenceWord(std::string_view lower) { return set<kReferenceWords>().count(lower) > 0; }

bool isShoulderTrigger(const std::string_view* lower, std::size_t count)
{
    static const auto kPhrases = makePhrases(kShoulderTriggers);
    return endsWithPhrase(kPhrases, lower, count);
}

} // namespace exchange::pii
