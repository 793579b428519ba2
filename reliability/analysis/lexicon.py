"""The editorial rules' word lists: what marks a cue, and what kind of source a phrase names.

Kept as plain data so an editor can read and extend them; rules.py holds the functions that use them.
"""

import importlib.util
import runpy
from pathlib import Path


def words(text):
    return frozenset(text.split())


def _scikit_learn_stop_words():
    """scikit-learn's English stop words (the list claim matching and story grouping were measured with),
    read from its file without importing the package: that import costs a process about 1.5 s."""
    package = Path(importlib.util.find_spec("sklearn").origin).parent
    return frozenset(
        runpy.run_path(str(package / "feature_extraction" / "_stop_words.py"))["ENGLISH_STOP_WORDS"]
    )


# Words too common to tell two claims (or two stories) apart.
STOP_WORDS = _scikit_learn_stop_words()


# Verbs of saying and writing, in the forms news copy uses them.
SPEECH_VERBS = words(
    "said says say saying told tells tell telling stated states claimed claims argued argues argue arguing "
    "warned warns warn warning insisted insists insist insisting denied denies deny confirmed confirms "
    "confirm announced announces announce revealed reveals reveal disclosed discloses disclose wrote writes "
    "write writing posted posts tweeted tweets added adds add adding noted notes noting explained explains "
    "explain explaining reported reports indicated indicates indicate suggested suggests suggest suggesting "
    "found finds concluded concludes conclude showed shows show alleged alleges allege testified testifies "
    "testify ruled acknowledged acknowledges acknowledge admitted admits admit asserted asserts assert "
    "stressed stresses stress emphasized emphasised emphasizing emphasising pledged pledges promised "
    "promises vowed vows vow predicted predicts predict predicting forecast forecasts described describes "
    "describe describing urged urges urge urging accused accuses accuse accusing cautioned cautions "
    "commented comments commenting remarked replied responded respond continued conceded concede boasted "
    "clarified clarifies clarify rejected rejects reject countered recalled recalls recall recalling asked "
    "asks questioned signalled signaled hinted maintained maintains maintain contended contends declared "
    "declares declare informed briefed agreed agrees agree shared observed observes mentioned mentions "
    "mention cited citing quoted quoting calling claiming reporting alleging shown discussed reminded"
)
# Verbs of stance: the subject takes a position in words ("Republicans are slamming the governor for …",
# "She echoed her concerns"). Attributions when their subject is a plausible source.
STANCE_VERBS = words(
    "criticized criticised criticizes criticises criticizing criticising praised praising "
    "echoed echoing joked joking quipped endorsed endorses endorsing condemned "
    "condemns condemning denounced denounces denouncing demanded demanding complimented "
    "complimenting lambasted decried decrying derided mocked "
    "mocking lauded lauds hailed applauded applauds touted touting lamented "
    "complained complains complaining concedes conceding questioning fumed "
    "vowing pledging threatened threatens threatening blamed blames blaming disputed expressed "
    "disputing refuted rebutted retorted objected objects protested speculated recommended recommends "
    "proposed proposes advised acknowledging admitting affirmed reiterated reiterates repeated "
    "announcing revealing confirming denying"
)
# Stance verbs that are as often physical or literal ("a storm slammed the coast", "prices hit"): cues
# only with a sign that words are meant: "that", a quotation, "for" or "as" after them, or a colon.
STANCE_VERBS_IN_CONTEXT = words(
    "slammed slams slamming blasted blasts blasting hammered hammers hammering ripped rips ripping "
    "bashed bashing attacked attacking charged charges charging defended defends "
    "defending dismissed dismisses dismissing welcomed welcoming knocked targeted "
    "rebuked scolded chided skewered torched bragged ridiculed ridiculing"
)
# Verbs of believing and intending: attributions too, but weaker than a statement in the same sentence.
BELIEF_VERBS = words(
    "believes believed believe thinks think thought wants wanted want plans planned intends intended intend "
    "expects expected expect estimated estimates hopes hoped hope fears feared fear doubts doubted doubt "
    "worries worried worry feel feels felt suspect suspects suspected"
)
# Verb forms that are as often nouns ("disparaged reports"): cues only right after their subject.
NOUNS_TOO = words(
    "reports claims plans shows states notes comments rules charges forecasts forecast estimates finds "
    "posts promises pledges claim plan show state note comment rule charge estimate post promise pledge "
    "questioned asks plans hopes fears doubts thought"
)
# Multi-word cues, matched before single verbs; each has the reading an editor sees.
CUE_PHRASES = [
    ("according to", r"according\s+to"),
    (
        "told reporters",
        r"told\s+(?:reporters|journalists|the\s+press|a\s+news\s+conference|a\s+press\s+conference)",
    ),
    ("in a statement", r"(?:said\s+)?in\s+a\s+(?:written\s+|joint\s+|brief\s+)?statement"),
    ("in an interview", r"(?:said\s+)?in\s+an\s+interview"),
    (
        "posted on social media",
        r"(?:posted|wrote|said)\s+on\s+(?:social\s+media|X|Twitter|Facebook|Instagram|Telegram|TikTok|LinkedIn|Truth\s+Social)",
    ),
    ("in a post", r"(?:said\s+|wrote\s+)?in\s+a\s+(?:social\s+media\s+)?post"),
    ("is reported", r"(?:is|are|was|were)\s+reported\s+to"),
    ("called for", r"(?:called|calls|calling|call)\s+for"),
    # "Democrats called the citation a ploy", "calling it “a disgrace”": naming a thing is a stance.
    (
        "called it",
        r"(?<!was\s)(?<!were\s)(?<!is\s)(?<!be\s)(?<!been\s)(?:called|calls|calling)"
        r"(?=\s+(?:the|it|him|her|them|this|that|his|their|its|[A-Z][\w'’.-]+)\b[^.;:]{0,60}?\s(?:an?\s|“|\"))",
    ),
    ("took issue", r"(?:took|takes|taking)\s+issue\s+with"),
    ("made clear", r"(?:made|makes|making)\s+(?:it\s+)?clear"),
    ("pointed out", r"(?:pointed|points|pointing)\s+(?:out|to)"),
    ("pushed back", r"(?:pushed|pushes|pushing)\s+back"),
    ("weighed in", r"(?:weighed|weighs|weighing)\s+in"),
    ("raised concerns", r"(?:raised|raises|raising|voiced|expressed)\s+(?:concerns?|doubts?|alarm|worries)"),
    (
        "nominal cue",
        r"(?:(?:said|wrote|added|argued|explained|noted|claimed)\s+)?(?:in|during)\s+(?:a|an|his|her|their|its)\s+"
        r"(?:[\w-]+\s+){0,2}?(?:tweets?|letters?|speech|op-ed|e-?mail|memo|court\s+filing|filing|remarks"
        r"|testimony|news\s+release|press\s+release|news\s+conference|press\s+conference|briefing|essay"
        r"|column|podcast)",
    ),
]
# Capitalised words before a colon that label a line, not a speaker: "UPDATE: …", "WATCH: …".
NOT_SPEAKERS = words(
    "NOTE UPDATE UPDATED WATCH BREAKING CORRECTION PHOTO PHOTOS VIDEO LISTEN READ RELATED MORE EDITOR'S "
    "ADVERTISEMENT SPONSORED WARNING ALERT EXCLUSIVE ANALYSIS OPINION COMMENTARY FACT CHECK Q A SEE "
    "ALSO TOPICS TAGS SOURCE SOURCES CREDIT"
)
# Every word a cue phrase above can begin with (rules.py tries the phrases only where one stands).
CUE_PHRASE_FIRST_WORDS = words(
    "according told said in during wrote posted is are was were called calls calling call took takes "
    "taking made makes making pointed points pointing pushed pushes pushing weighed weighs weighing "
    "raised raises raising voiced expressed added argued explained noted claimed"
)
# Impersonal cues that have no source at all: the weasel forms.
VAGUE_CUES = [
    (
        "it is believed",
        r"\bit\s+is\s+(?:widely\s+|generally\s+|commonly\s+)?(?:believed|thought|said|understood|rumou?red|claimed|feared|expected|reported|alleged)",
    ),
    ("reportedly", r"\breportedly\b"),
    (
        "there are fears",
        r"\bthere\s+(?:are|were|is|was)\s+(?:growing\s+|widespread\s+)?(?:fears|concerns|suggestions|claims|rumou?rs|reports|speculation|talk)\b",
    ),
    ("is said to", r"\b(?:is|are|was|were)\s+(?:said|believed|thought|rumou?red)\s+to\b"),
    (
        "was criticized",
        r"\b(?:is|are|was|were|has\s+been|have\s+been|had\s+been|being)\s+(?:widely\s+|roundly\s+|sharply\s+"
        r"|heavily\s+)?(?:criticized|criticised|praised|hailed|condemned|blamed|lauded|denounced|slammed"
        r"|panned|lambasted|ridiculed|mocked)\b(?!\s+by\b)",
    ),
]
# Words (lower case, or the start of them) one of which every match of a vague cue above holds: rules.py
# searches for the cues only in a sentence where one stands, fewer than one in five.
VAGUE_CUE_WORDS = (
    *("believed", "thought", "said", "understood", "rumo", "claimed", "feared", "expected", "reported"),
    *("alleged", "there", "critici", "praised", "hailed", "condemned", "blamed", "lauded", "denounced"),
    *("slammed", "panned", "lambasted", "ridiculed", "mocked"),
)
# Words that may stand between a source and its verb: "Ortiz has publicly said".
BETWEEN_SOURCE_AND_CUE = words(
    "has have had also later then previously earlier publicly again repeatedly once is was were are "
    "would will could may might did does do not never recently already first quickly privately "
    "separately subsequently reportedly allegedly openly now still too both all initially even instead "
    "last further just flatly strongly angrily can should must often long"
)
# Words ending in -ly that are nouns, not adverbs between a source and its verb ("the assembly said").
NOT_ADVERBS = words("family assembly ally rally supply monopoly anomaly belly bully jelly july italy")
# Parties and their members as a body: "Democrats called the citation a ploy".
PARTY_WORDS = words(
    "Republicans Democrats GOP Conservatives Liberals Tories Labour Progressives Libertarians Greens "
    "Socialists Federalists"
)

PRONOUNS = {
    "he": "person",
    "she": "person",
    "him": "person",
    "her": "person",
    "it": "organization",
    "they": "any",
    "we": "any",
    "i": "person",
}
# A definite description that points back to an organisation named earlier: "the company said".
BACK_REFERENCES = words(
    "company firm ministry department agency club group bank council government court office board "
    "team party union league federation authority commission committee organisation organization "
    "hospital university school museum charity regulator airline carrier manufacturer retailer insurer "
    "utility operator developer studio label network police force army military campaign"
)

# Phrases that say the source is unnamed but described.
ANONYMOUS_MARKERS = words(
    "official officials source sources aide aides insider insiders diplomat diplomats witness witnesses "
    "resident residents neighbour neighbours neighbor neighbors employee employees worker workers staffer "
    "staffers person people member members officer officers executive executives adviser advisers "
    "advisor advisors investigator investigators colleague colleagues friend friends relative relatives "
    "unnamed anonymous"
)
ANONYMITY_PHRASES = [
    r"familiar\s+with",
    r"close\s+to",
    r"(?:briefed|knowledgeable)\s+on",
    r"with\s+(?:direct\s+)?knowledge",
    r"who\s+(?:declined|asked|requested|spoke|did\s+not\s+want|was\s+not|were\s+not|are\s+not|is\s+not)",
    r"not\s+(?:authori[sz]ed|permitted|allowed)",
    r"condition\s+of\s+anonymity",
    r"not\s+to\s+be\s+(?:named|identified)",
]
# Why a source may stay unnamed: editors give some weight back when a reason is stated.
JUSTIFICATIONS = [
    r"(?:on|under)\s+(?:the\s+)?condition\s+of\s+anonymity\s+(?:to|because|as|since)",
    r"not\s+(?:authori[sz]ed|permitted|allowed)\s+to\s+(?:speak|discuss|comment)",
    r"(?:for\s+fear\s+of|fearing)\s+\w+",
    r"because\s+(?:the\s+)?(?:talks|matter|discussions|plans|negotiations|deliberations|information)\s+(?:are|were|is|was)\s+(?:private|confidential|not\s+public)",
    r"to\s+(?:discuss|describe|reveal)\s+(?:internal|private|confidential|sensitive)",
]
# Sources nobody could check: generic crowds and the passive voice.
VAGUE_SOURCES = words(
    "observers observer experts analysts critics commentators pundits many some others several people "
    "fans insiders scientists researchers economists doctors historians sceptics skeptics supporters "
    "opponents watchers rumours rumors reports studies everyone everybody locals detractors voices "
    "speculation"
)
# A statement, release or communique speaks for the body that issued it.
STATEMENT_WORDS = words("statement statements communique communiqué release announcement")
# Quantifiers that make a crowd of a source: "some residents", "many in the party".
VAGUE_QUANTIFIERS = words("some many few most countless numerous")
# Sources in the writer's own voice, not attributions: "Whatever one thinks", "This newspaper believes".
WRITER_VOICE = ["i", "we", "one", "you", "anyone", "everyone", "this newspaper", "this paper", "we at"]
# A vague word inside a description that makes it specific ("analysts at Halden Bank") is not vague.
SPECIFIERS = words("at of from with in for who")

MEDIA_NAMES = words(
    "CNN Reuters AP AFP Bloomberg BBC NBC CBS ABC Fox MSNBC NPR PBS Newsmax Politico Axios Xinhua TASS "
    "Interfax RIA Novosti Sputnik RT Kyodo Yonhap ANSA DPA EFE PTI Anadolu Al-Jazeera Jazeera Guardian "
    "Telegraph Independent Times Post Journal Tribune Herald Gazette Chronicle Observer Economist "
    "Spiegel Figaro Monde Haaretz Izvestia Kommersant Vedomosti Nikkei Yomiuri Asahi Bild Mirror Sun "
    "Express Mail Standard Daily Weekly Insider Vox Vice BuzzFeed HuffPost Semafor Forbes Fortune "
    "Wired Verge TechCrunch Variety Billboard ESPN Sky Euronews Dawn Ledger Courier Record Star Sentinel "
    "Examiner Inquirer Dispatch Bulletin Mercury Reporter Register Tribune Today Gazette Clarion Argus "
    "Monitor Post-Dispatch Enquirer Globe Beacon Advertiser Telegraaf Zeitung Corriere Pravda Nation News"
)
MEDIA_WORDS = words(
    "newspaper newspapers paper broadcaster broadcasters channel channels television TV radio outlet "
    "outlets media tabloid tabloids magazine magazines podcast podcasts website websites "
    "Telegram blog blogs site portal weekly broadcasting agency's newsletter network networks station "
    "stations wire wires press "
    "journalist journalists reporter reporters correspondent columnist editorial daily"
)
DOCUMENT_WORDS = words(
    "data dataset report reports study studies survey surveys poll polls filing filings record records "
    "document documents papers figures statistics census tracking analysis analyses memo memos letter "
    "letters email emails minutes budget contract contracts affidavit indictment complaint transcript "
    "transcripts audit audits findings research estimates projections "
    "footage logs log registry register database assessment evaluation "
    "judgment judgement testimony spreadsheet invoice invoices "
    "receipts dossier inquiry investigation copy draft leaked cable manifest results roll gazette decree "
    "recording recordings video audio photographs images Hansard"
)
ORGANIZATION_WORDS = words(
    "Kremlin Pentagon Whitehall Downing Elysee Élysée Congress Parliament Senate Commission Council "
    "Ministry Department Agency Office Government Administration Bureau Service Court Police Army "
    "Navy Force Committee Union Party League Federation Association Authority Board Bank Institute "
    "University Hospital Club Company Corporation Group Foundation Fund Organisation Organization "
    "Inc Corp Ltd LLC PLC AG SA GmbH Co Trust Cabinet Presidency Embassy Consulate Secretariat "
    "Directorate Inspectorate Regulator Tribunal Assembly Chamber Mission Centre Center Society Network "
    "Command Caucus Coalition Alliance Authorities "
    "ministry department agency office government administration bureau service court police army "
    "navy committee union party league federation association authority board bank institute "
    "university hospital club company corporation group foundation fund firm spokesperson spokesman "
    "spokeswoman spokespeople spokespersons prosecutors prosecutor regulator regulators "
    "organisers organizers authorities council commission cabinet embassy military"
)
# "the White House said": two capitalised words that name an institution, not a person.
ORGANIZATION_NAMES = [
    "White House",
    "State Department",
    "Foreign Ministry",
    "Foreign Office",
    "Home Office",
    "Defence Ministry",
    "Defense Ministry",
    "Justice Department",
    "European Union",
    "United Nations",
    "World Health Organization",
    "World Bank",
    "Supreme Court",
    "Federal Reserve",
    "Central Bank",
    "Red Cross",
    "Security Council",
    "Kremlin",
]
# A capital city standing for its government: "Moscow said".
GOVERNMENT_SEATS = words(
    "Moscow Washington Beijing Kyiv Kiev London Paris Berlin Brussels Tehran Tokyo Delhi Ankara "
    "Jerusalem Pyongyang Seoul Canberra Ottawa Rome Madrid Warsaw Minsk Damascus Riyadh Cairo Islamabad "
    "Kabul Baghdad Caracas Havana Taipei Hanoi Manila Jakarta Pretoria Nairobi Abuja Brasilia Tbilisi"
)
# Titles and roles that stand before a person's name.
PERSON_TITLES = words(
    "President Vice Prime Minister Secretary Senator Sen Rep Representative Governor Gov Mayor Judge "
    "Justice Chancellor Ambassador General Gen Colonel Col Captain Capt Lieutenant Lt Sergeant Sgt "
    "Admiral Commander Chief Director Dr Doctor Professor Prof Mr Mrs Ms Miss Mx Sir Dame Lord Lady "
    "King Queen Prince Princess Pope Bishop Archbishop Rev Reverend Rabbi Imam Sheikh Coach Manager "
    "Chairman Chairwoman Chair CEO CFO COO Founder Spokesperson Spokesman Spokeswoman Attorney Detective "
    "Inspector Officer Deputy Councillor Councilman Councilwoman Commissioner Superintendent Speaker "
    "Leader Minister's Foreign Defense Defence Finance Interior Health Justice Trade Economy Energy "
    "Home Education Transport Press Sheriff Constable Marshal Trooper Agent Editor Author Actor Actress "
    "Singer Star Striker Midfielder Defender Goalkeeper Captain Skipper Coach Economist Analyst "
    "Professor Researcher Scientist Nurse Surgeon Physician presidential press secretary spokesperson "
    "spokesman spokeswoman minister president senator governor mayor chief director coach manager "
    "chairman founder executive officer deputy leader secretary ambassador general judge commissioner "
    "sheriff detective inspector professor researcher economist analyst scientist doctor nurse author "
    "lawyer attorney adviser advisor aide head boss captain striker star singer actor actress"
)
# Words for a person described rather than named: "the Florida Republican", "the 38-year-old lawmaker".
PERSON_DESCRIPTIONS = words(
    "Republican Democrat Independent lawmaker congressman congresswoman candidate nominee incumbent "
    "legislator politician billionaire businessman businesswoman activist congressmember"
)
# Capitalised words that begin sentences or name times and places, never a speaker by themselves.
NOT_NAMES = words(
    "The A An This That These Those It He She They We I On In At By For From After Before During While "
    "But And Or So Yet Also However Meanwhile Still Then Now Monday Tuesday Wednesday Thursday Friday "
    "Saturday Sunday January February March April May June July August September October November "
    "December US U.S. UK U.K. EU Earlier Later Last Next Both Each Every All Some Many Most When Where "
    "Why How What Who Which As If Although Though Despite Since Until Under Over According Such Others "
    "Instead Even Only Just Perhaps Indeed Yes No Not Here There Deep Today Tonight Yesterday Tomorrow "
    "Less More"
)

# Claim-ness evidence.
OPINION_MARKERS = [
    ("writer's opinion", r"\b(?:I|we)\s+(?:think|believe|feel|hope|would\s+argue)\b"),
    ("writer's opinion", r"\bin\s+(?:my|our)\s+(?:view|opinion)\b"),
    ("writer's opinion", r"\b(?:it\s+is|it's)\s+(?:time|high\s+time|clear|obvious|hard\s+to\s+imagine)\b"),
    ("writer's advice", r"^(?:let's|let\s+us|don't|do\s+not|make\s+sure|remember|never|always)\b"),
    ("writer's advice", r"\b(?:everyone|you|we\s+all|readers)\s+(?:should|must|need\s+to|ought\s+to)\b"),
]
FURNITURE_MARKERS = [
    (
        "page furniture",
        r"^(?:advertisement|sponsored|related|read\s+more|more\s+in|most\s+read|trending|you\s+may\s+also\s+like|recommended|share\s+this|sign\s+up|subscribe|follow\s+us|click\s+here|watch:|listen:|photo:|image:|credit:|caption:|getty\s+images|by\s+[A-Z][a-z]+\s+[A-Z][a-z]+$)",
    ),
    (
        "page furniture",
        r"\b(?:subscribe\s+(?:now|to\s+our)|sign\s+up\s+for|click\s+here|share\s+(?:on|this)|cookie|newsletter\s+sign|all\s+rights\s+reserved|terms\s+of\s+(?:use|service)|privacy\s+policy)\b",
    ),
    (
        "photo credit",
        r"(?:\((?:photo|image|picture)[^)]*\)|/(?:AP|AFP|Reuters|Getty\s+Images|EPA)\b|\bphoto(?:graph)?\s*(?:by|:|credit))",
    ),
    # A pointer to another story inside the body: "See also: …", "READ: …", "Also read …".
    ("link to another story", r"^(?:see\s+also\b|also\s+(?:read|see)\b|read(?:\s+(?:next|also))?\s*:)"),
    # What stands under a quotation or an embedded post: a dash, who, and when, nothing else:
    # "— The Daily Courier, Jan. 30, 1975", "— Dana Reyes (@danareyes) March 3, 2019".
    (
        "signature line",
        r"^[—–―-]\s*(?-i:[A-Z][\w.'’&-]*(?:,?\s+(?:[A-Z][\w.'’&-]*|of|the|and|de|la|van|von|&)){0,8})"
        r"(?:\s+\(@\w{1,30}\))?,?\s+"
        r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}\W*$",
    ),
    # Who the piece was made with or for: credits, not statements of fact.
    (
        "publication credit",
        r"^this\s+(?:article|story|report|piece|investigation|series)\s+(?:was|is)\s+(?:"
        r"(?:produced|published|reported|written|made)\s+(?:in\s+(?:partnership|collaboration)\s+with|by|for)"
        r"|co-?published\s+(?:with|by)|a\s+collaboration\s+(?:with|between))\b",
    ),
    (
        "correction notice",
        r"^(?:corrections?(?:\s*(?:&|and)\s*clarifications?)?|clarification|editor['’]?s\s+note)\s*:"
        r"|^an\s+earlier\s+version\s+of\s+this\s+(?:article|story|report|piece)\b",
    ),
]
# For each reason above, words (lower case) one of which every match of its markers not anchored at the
# start holds: rules.py searches those markers only in a sentence where one of the words stands. A
# marker added to a reason needs its words here.
MARKER_WORDS = {
    "page furniture": (
        "subscribe",
        "sign",
        "click",
        "share",
        "cookie",
        "newsletter",
        "reserved",
        "terms",
        "privacy",
    ),
    "photo credit": ("photo", "image", "picture", "/"),
    "writer's opinion": (
        "think",
        "believe",
        "feel",
        "hope",
        "argue",
        "view",
        "opinion",
        "time",
        "clear",
        "obvious",
        "imagine",
    ),
    "writer's advice": ("should", "must", "need", "ought"),
}

# Check-worthiness evidence the model weighs (features.py): how a sentence asserts, not what about.
# Evaluative words: the writer (or speaker) judges rather than reports.
EVALUATIVE_WORDS = words(
    "disgrace disgraceful shameful shame ridiculous absurd outrageous terrible horrible awful great "
    "greatest best worst damning ugly brilliant stunning pathetic incompetent cruel cruelty depraved "
    "depravity thug thugs hypocrisy hypocritical hypocrite extreme radical dangerous reckless desperate "
    "whining disastrous disaster catastrophic wonderful amazing incredible incredibly unbelievable "
    "embarrassing embarrassment corrupt idiotic stupid foolish silly insane crazy evil vile sick "
    "shocking appalling deplorable despicable nonsense garbage hoax sham farce joke laughable "
    "ludicrous bizarre weird fantastic beautiful tremendous sad tragic tragically unfortunately "
    "fortunately sadly happily clearly obviously frankly honestly surely certainly undoubtedly "
    "arguably importantly interestingly remarkably ironically irony gross lousy mediocre failed failing "
    "weak strong bold brave courageous cowardly heroic noble glaring myopic superficial totalistic "
    "abhorrent egregious toxic unhinged hysterical smug arrogant ignorant deserve deserves deserved "
    "bad good better worse wrong right fair unfair just unjust "
    "disgracefully disgraced shamefully shameless shamelessly absurdly absurdity ridiculously "
    "outrageously terribly horribly awfully dreadful atrocious abysmal dismal woeful woefully "
    "lamentable appallingly shockingly pathetically pitiful wretched miserable crappy shoddy sloppy "
    "amateurish lackluster lacklustre second-rate grotesque obscene monstrous hideous heinous sickening "
    "repugnant odious contemptible reprehensible inexcusable unforgivable unconscionable indefensible "
    "unacceptable intolerable insufferable unbearable scandalous scurrilous disgusting distasteful "
    "unseemly crass vulgar rude nasty hateful spiteful vindictive sinister nefarious wicked diabolical "
    "sleazy sordid unsavory dodgy shady sketchy fishy dubious questionable crooked sneaky devious "
    "scheming manipulative treasonous dishonest dishonesty deceitful disingenuous duplicitous "
    "mendacious two-faced self-serving opportunistic unscrupulous immoral unethical perverse callous "
    "heartless cynical selfish greedy vicious ruthless merciless sadistic murderous barbaric savage "
    "brutal brutally inhumane dehumanizing demeaning insulting humiliating humiliation infamous "
    "notorious notoriously incompetence inept ineptitude bungling bungled botched bumbling hapless "
    "clumsy irresponsible irresponsibly recklessly recklessness cavalier glib thoughtless insensitive "
    "tone-deaf out-of-touch clueless feckless spineless mindless senseless pointless needless "
    "needlessly useless worthless hopeless hopelessly futile stupidity stupidest dumb dumbest idiocy "
    "moronic asinine inane daft boneheaded brain-dead hare-brained half-baked crackpot nonsensical "
    "foolishly naive naïve gullible misguided wrong-headed ill-advised ill-conceived short-sighted "
    "small-minded simplistic ill-informed misleading incoherent rambling delusional deluded hysteria "
    "crazed deranged insanely lunacy madness craziest wacky wacko bonkers barmy preposterous outlandish "
    "far-fetched pie-in-the-sky unrealistic utopian risible farcical comical hilarious laughably "
    "laughingstock embarrassingly cringe cringeworthy cringe-worthy creepy disturbing alarming "
    "alarmingly worrying worryingly troubling chilling terrifying frightening scary horrifying horrific "
    "horrendous nightmare nightmarish hellish hellhole apocalyptic dystopian orwellian kafkaesque "
    "draconian dictatorial tyrannical heavy-handed depressing frustrating infuriating maddening galling "
    "annoying obnoxious tedious boring dull clichéd cliched lame feeble flimsy toothless half-hearted "
    "wishy-washy disappointing disappointingly disappointed dismayed disgusted appalled horrified "
    "outraged furious livid fury heartbreaking gut-wrenching harrowing flawed overrated overblown "
    "exaggerated undeserved unworthy unreasonable unjustly unjustified unwarranted inexplicable "
    "inexplicably regrettable regrettably unfortunate wrongly unfairly wasteful bloated extravagant "
    "lavish ungrateful unpatriotic un-american anti-american divisive polarizing polarising "
    "inflammatory provocative intransigent obstructionist dogmatic sanctimonious self-righteous "
    "holier-than-thou preachy condescending patronizing patronising pompous arrogance hubris "
    "narcissistic narcissist megalomaniac elitist untrustworthy gaffe gaffes gaffe-prone blunder "
    "blunders misstep missteps fiasco debacle shambles shambolic mess messy cock-up screw-up overreach "
    "washed-up has-been sucks stinks excellent superb outstanding magnificent marvelous marvellous "
    "splendid terrific fabulous phenomenal extraordinarily exceptional exceptionally remarkable "
    "impressive admirable commendable laudable exemplary masterpiece genius visionary inspiring "
    "inspirational stellar top-notch world-class best-ever worst-ever finest flawless impeccable "
    "perfect perfectly glorious gorgeous lovely delightful charming refreshing refreshingly heartening "
    "heartwarming heart-warming uplifting reassuring wonderfully amazingly beautifully brilliantly "
    "brilliance tremendously awesome awe-inspiring breathtaking thrilling thrilled exciting beloved "
    "iconic legendary hero heroes valiant bravely bravery bravest courage principled decent decency "
    "gracious wise wisely wisdom sensible prudent sane smartest clever shrewd savvy astute thoughtful "
    "generous generously selfless tireless tirelessly honest honesty trustworthy worthy deserving "
    "deservedly rightly rightfully justly commonsense common-sense underrated virtuous righteous "
    "extremist extremists extremism radicals fanatic fanatics fanatical zealot zealots rabid elites "
    "globalist globalists leftist leftists lefty lefties far-left far-right hard-left alt-right commie "
    "commies pinko libtard libtards libs snowflake snowflakes wokeness wingnut wingnuts moonbat rino "
    "rinos cuck neocon neocons feminazi sjw tankies demonrats rethuglicans bleeding-heart do-gooders "
    "nanny-state tax-and-spend job-killing reactionary neanderthal luddites ideologues deplorables "
    "sheeple brainwashed indoctrination propaganda propagandist apologist apologists shill shills "
    "stooge stooges lackeys henchmen cronies cronyism sellout sell-out turncoat traitor traitors "
    "appeasers capitulation kowtowing grovelling groveling fawning sycophant sycophantic bootlickers "
    "demagogue demagogues demagoguery tyrant tyrants tyranny despot firebrand agitator agitators "
    "troublemakers rabble-rouser rabble-rousing rabble pariah thuggish thuggery goons scum scumbags "
    "weasel crook crooks grifter grifters grift charlatan charlatans hucksters snake-oil quacks "
    "quackery pseudoscience tinfoil conspiracists denier deniers alarmist alarmists doomsayers "
    "naysayers haters warmongers warmongering fearmongering fear-mongering scaremongering grandstanding "
    "pandering posturing virtue-signalling virtue-signaling smear smears witch-hunt whitewash cover-up "
    "charade boondoggle freeloaders moochers phony phoney bogus drivel claptrap hogwash baloney "
    "malarkey gibberish bullshit crap horseshit clown clowns clownish buffoon buffoons buffoonery idiot "
    "idiots moron morons imbecile fool fools halfwits jerk jerks blowhard loudmouth crybabies whiner "
    "whiny sniveling wimp coward cowards cowardice liar liars lunatic lunatics loon loony kooks nutjob "
    "nutcase nutter nutters maniac maniacs madman psycho tosser wanker prat bigot bigots bigotry "
    "hypocrites opportunist opportunists jaw-dropping eye-popping eye-watering mind-blowing "
    "mind-boggling astonishing astonishingly astounding staggering staggeringly explosive massive "
    "massively huge hugely epic colossal enormous monumental earth-shattering game-changing "
    "game-changer unprecedented sensational spectacular spectacularly dramatic dramatically whopping "
    "stunningly bombshell meltdown firestorm bloodbath mayhem frenzy scathing excoriating love-rat "
    "embattled beleaguered scandal scandals scandal-hit nail-biting wow utterly utter simply merely "
    "mere truly absolutely totally hardly so-called self-styled self-proclaimed completely downright "
    "patently plainly blatantly blatant flagrant brazen brazenly undeniably undeniable indisputably "
    "unquestionably definitely evidently admittedly basically literally really extremely profoundly "
    "deeply grossly painfully sheer unmitigated damn damned goddamn freaking fucking hopefully "
    "thankfully mercifully luckily curiously oddly strangely crucially predictably inevitably "
    "unsurprisingly surprisingly understandably outrage outrages travesty betrayal treachery duplicity "
    "greed folly monstrosity abomination dire bleak grim disgust scorn derision revulsion disdain "
    "indignation"
)
# Modal and hedging words: predictions, speculation and advice rather than facts.
MODALS = words("would could might may should must ought shall")
HEDGES = words(
    "likely unlikely probably possibly perhaps maybe seemingly apparently presumably supposedly "
    "seems seem seemed appears appear appeared suggests arguably"
)
# Words that place a sentence in time: most check-worthy claims report a dated happening.
TIME_WORDS = words(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight last week month "
    "year january february march april june july august september october november december"
)

# Headline and own-voice craft (headlines.py): what raters call sensational.
SENSATIONAL_WORDS = words(
    "shocking shock shocked stunning stuns stunned destroys destroyed destroy slams slammed slam blasts "
    "blasted blast rips ripped torches torched epic insane outrageous bombshell explosive unhinged "
    "meltdown brutal brutally humiliates humiliated humiliating disgusting chilling terrifying jaw-dropping "
    "mind-blowing unbelievable incredible savage savagely obliterates obliterated eviscerates eviscerated "
    "annihilates crushes crushed owns owned trashes trashed scorches scorched freaks freaking hilarious "
    "hysterical furious fury rage raging panic panics busted exposed exposes nightmare insanity"
)
# Words a headline needs to mean something, for measuring whether the body bears it out: the rest
# (function words, and the words every headline uses) would match any body.
HEADLINE_FILLER = words(
    "about after again against also amid been before being could does from have here into just like more "
    "most much next over says said than that their them then there these they this those through under "
    "until were what when where which while will with would your report reports news update live watch "
    "video photos breaking exclusive opinion analysis"
)
# Words that pass on what the writer has not established: rumour without its source (language.py).
RUMOUR_WORDS = words("reportedly allegedly purportedly rumored rumoured supposedly")
