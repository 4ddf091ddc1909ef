//! Which entries list one work more than once (`duplicate-entry`), and which entries name
//! different works behind one paper link (`shared-paper-link`). Both rules read the same
//! grouping, so a pair of entries is reported by one of them, never by both.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use regex::Regex;

use crate::document::{Document, Entry, EntryId, EntryKind, LinkRole, url_role};
use crate::identity::{PaperKey, TITLE_MATCH_THRESHOLD, resource_key, title_key, title_similarity};

/// Shortest title key that is specific enough to identify a paper on its own.
const MIN_TITLE_KEY: usize = 8;

/// A title of fewer than [`MIN_TITLE_WORDS`] words identifies a paper on its own only when
/// its key is this long: `Instance-conditioned gan` does, `Deep learning` does not.
const MIN_SHORT_TITLE_KEY: usize = 20;

/// Titles of fewer words are names (`Llama 3.1`, `OPT-1.3|6.7|13|30|66B`): comparing their words
/// says nothing about whether two entries are one work.
const MIN_TITLE_WORDS: usize = 3;

/// Most words of a model's name in a table row (`ERNIE 3.0 Titan`); paper titles are longer.
const MAX_NAME_WORDS: usize = 4;

/// Below this similarity two titles name different works. It sits well under the match
/// threshold of `arxiv-title-mismatch` (0.8): a retitled version (`MOELoRA`'s v1 title) or
/// a title with a venue note still counts as the same work; only titles that share almost
/// nothing (`Exploring and Improving Drafts in Blockwise Parallel Decoding` against
/// `Multi-Token Joint Speculative Decoding …`) are called different.
const SAME_WORK_SIMILARITY: f64 = 0.5;

/// Headings whose entries repeat the rest of the list by design: BradyFU's "✨ Highlights of
/// NJU-MiG", xlite-dev's "📖Trending LLM/VLM Topics", Hannibal046's "Trending LLM Projects",
/// WooooDyy's "🔔 News", promptslab's onboarding path "🚀 Start Here".
pub(crate) const SUMMARY_SECTIONS: [&str; 5] = [
    "highlights",
    "news",
    "trending",
    "start here",
    "getting started",
];

/// The sections whose heading holds one of `phrases` as whole words, case-insensitively:
/// decided once per heading, not once per entry (on the 10 MB bench input every entry asking
/// was 5% of check, issue 11).
pub(crate) struct SummarySections(Vec<bool>);

impl SummarySections {
    pub(crate) fn of(doc: &Document, phrases: &[String]) -> Self {
        let phrases: Vec<Vec<String>> = phrases
            .iter()
            .map(|phrase| phrase.split_whitespace().map(str::to_lowercase).collect())
            .collect();
        Self(
            doc.sections()
                .iter()
                .map(|section| heading_holds(&section.title, &phrases))
                .collect(),
        )
    }

    /// Whether the entry's own heading is a summary.
    pub(crate) fn holds(&self, entry: &Entry) -> bool {
        entry
            .section
            .and_then(|section| self.0.get(section))
            .is_some_and(|&summary| summary)
    }
}

/// Whether `title` holds one of `phrases` (each lower-cased words) as whole words.
fn heading_holds(title: &str, phrases: &[Vec<String>]) -> bool {
    let title = title.to_lowercase();
    let words: Vec<&str> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    phrases.iter().any(|phrase| {
        !phrase.is_empty()
            && words
                .windows(phrase.len())
                .any(|w| w.iter().zip(phrase).all(|(a, b)| *a == b))
    })
}

/// Copies of one work: two or more entries, in document order.
#[derive(Debug)]
pub(crate) struct Group {
    pub entries: Vec<EntryId>,
    /// What the copies have in common, for the message: `same arXiv id 2404.09221`.
    pub matched: String,
    /// Whether the group is papers (`paper listed …`) or other resources.
    pub papers: bool,
}

/// One paper link held by entries that name different works.
#[derive(Debug)]
pub(crate) struct SharedLink {
    pub key: PaperKey,
    /// The entries holding the link, one list per work, in document order.
    pub works: Vec<Vec<EntryId>>,
}

#[derive(Debug, Default)]
pub(crate) struct Copies {
    pub groups: Vec<Group>,
    pub shared: Vec<SharedLink>,
}

/// What an entry is identified by.
#[derive(Debug, Default)]
struct Facts {
    paper: Option<PaperKey>,
    title: Option<String>,
    /// A link that is not a paper, with the entry's title: `[hatch](…/pypa/hatch)` and
    /// `[hatchling](…/pypa/hatch)` are two tools in one repository, not a duplicate.
    resource: Option<(String, String)>,
    /// A table row that names a dataset or benchmark and cites the paper that introduced it
    /// (BradyFU's `CLEVR-ATVC` and `Fruit-ATVC` rows cite one paper): the name is the
    /// identity, the paper only a citation.
    cited: Option<(String, PaperKey)>,
    /// Links a paper (with a key or not: xlite-dev links Mooncake's PDF on GitHub).
    has_paper: bool,
    /// Neither a paper nor any other link: known by its title alone (synbol lists a paper a
    /// second time without its links).
    linkless: bool,
}

impl Facts {
    fn of(doc: &Document, entry: &Entry) -> Self {
        let mut facts = Facts::default();
        let paper = entry.paper.map(|id| doc.link(id));
        // Folding a title is the costly part: once for the key and the generic-label test.
        let full_key = title_key(&entry.title);
        // floodsung's roadmap lists the book `Deep learning` and the Nature review `Deep
        // learning`: a short title of one or two words names too little to join two links
        // (hymie122's `Instance-conditioned gan` under two links is still one paper)
        let title = Some(full_key.clone()).filter(|t| {
            let length = t.chars().count();
            length >= MIN_TITLE_KEY
                && (entry.title.split_whitespace().count() >= MIN_TITLE_WORDS
                    || length >= MIN_SHORT_TITLE_KEY)
        });
        if let Some(paper) = paper {
            let key = paper.paper_key().cloned();
            let name = cited_name(doc, entry)
                .or_else(|| html_row_name(doc, entry))
                .or_else(|| resource_name(doc, entry));
            if let (Some(name), Some(key)) = (name, key.clone()) {
                // BradyFU lists `Video-ChatGPT` twice, its `[Link]` once at the repository's
                // `#video-instruction-dataset…` and once at `#quantitative-evaluation…`: two
                // resources of one paper, told apart by the part of the page they open
                let mut identity = title_key(&name);
                if let Some(fragment) = entry
                    .links
                    .iter()
                    .filter(|&&id| Some(id) != entry.paper)
                    .map(|&id| doc.link(id))
                    .filter(|link| !link.image)
                    .find_map(|link| link.url.split_once('#').map(|(_, f)| f))
                    .filter(|f| !f.is_empty())
                {
                    identity.push('#');
                    identity.push_str(&fragment.to_lowercase());
                }
                facts.cited = Some((identity, key));
                return facts;
            }
            facts.paper = key;
            facts.title = title;
            facts.has_paper = true;
            return facts;
        }
        let web_links = entry
            .links
            .iter()
            .map(|&id| doc.link(id))
            .filter(|link| !link.image && !link.url.starts_with('#'))
            .count();
        if web_links == 0 {
            facts.linkless = true;
            facts.title = title;
            return facts;
        }
        let named_by = match entry.kind {
            EntryKind::TableRow { .. } => {
                // A row that names a tool and links it from another cell (`| **DSPy** | … |
                // [GitHub](…) |`) is compared like `- [DSPy](…) - …`.
                doc.entry_links(entry, LinkRole::Title)
                    .chain(doc.entry_links(entry, LinkRole::Code))
                    .chain(doc.entry_links(entry, LinkRole::Other))
                    .find(|link| !link.image)
            }
            _ => doc.entry_links(entry, LinkRole::Title).next(),
        };
        // benedekrozemberczki's `  - [[Code]](…)` sub-items name no resource: two papers
        // of one author share a repository. A table row whose only title is its `[Link]`
        // is named by its first cell: the seed's datasets `CIFAR-10` and `CIFAR-100` share
        // a download page, and `Yelp` is listed twice.
        let name = match entry.kind {
            _ if !is_generic_key(&full_key) => Some(entry.title.clone()),
            EntryKind::TableRow { table, row } => doc
                .tables()
                .get(table)
                .and_then(|t| t.rows.get(row))
                .and_then(|r| r.cells.first())
                .map(|cell| cell.text.trim_matches(['*', '_', ' ']).to_string())
                .filter(|text| !is_generic_label(text)),
            _ => None,
        };
        if let (Some(link), Some(name)) = (named_by, name)
            && !link.url.starts_with('#')
            && let Some(key) = resource_key(&link.url)
        {
            facts.resource = Some((key, title_key(&name)));
        }
        facts
    }

    fn has_identity(&self) -> bool {
        self.paper.is_some()
            || self.title.is_some()
            || self.resource.is_some()
            || self.cited.is_some()
    }
}

/// The name of a resource in a table of resources (`| Name | Paper | Link |`, `| Model |
/// Paper Title | Links |`) whose paper link sits in another cell: the row is the dataset,
/// benchmark or model, and the paper is where it was introduced.
fn cited_name(doc: &Document, entry: &Entry) -> Option<String> {
    let EntryKind::TableRow { table, row } = entry.kind else {
        return None;
    };
    let table = doc.tables().get(table)?;
    let cells = &table.rows.get(row)?.cells;
    let paper_at = doc.link(entry.paper?).range.start;
    let paper_column = cells
        .iter()
        .position(|c| c.range.start <= paper_at && paper_at < c.range.end)?;
    let name_column = table.header.cells.iter().position(|cell| {
        let header = cell.text.to_lowercase();
        header
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| ["name", "model", "dataset", "benchmark"].contains(&word))
    })?;
    if name_column == paper_column {
        return None;
    }
    let name = cells.get(name_column)?.text.trim_matches(['*', '_', ' ']);
    (!name.is_empty()).then(|| name.to_string())
}

/// Words of a heading or table header over resources that cite the paper introducing them.
const RESOURCE_WORDS: [&str; 12] = [
    "dataset",
    "datasets",
    "benchmark",
    "benchmarks",
    "simulator",
    "simulators",
    "environment",
    "environments",
    "corpus",
    "corpora",
    "leaderboard",
    "leaderboards",
];

pub(crate) fn names_resources(heading: &str) -> bool {
    heading
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| RESOURCE_WORDS.contains(&word))
}

/// The name of a dataset or benchmark in a table column that says so, linked to the paper
/// that introduced it: zjunlp's `| **Bias** | [Bias in Bios](…2304.00740) |` under a
/// *Benchmarks & Datasets* column cites the paper of an editing method, rightly. A short
/// name (not a paper title) identifies the row; the paper is a citation.
fn resource_name(doc: &Document, entry: &Entry) -> Option<String> {
    let EntryKind::TableRow { table, row } = entry.kind else {
        return None;
    };
    let paper = doc.link(entry.paper?);
    let table = doc.tables().get(table)?;
    let column = table
        .rows
        .get(row)?
        .cells
        .iter()
        .position(|c| c.range.start <= paper.range.start && paper.range.start < c.range.end)?;
    if !names_resources(&table.header.cells.get(column)?.text) {
        return None;
    }
    let name = paper.text.trim();
    let short = name.split_whitespace().count() <= 4 && !name.contains(':');
    (short && !name.is_empty() && !is_generic_label(name)).then(|| name.to_string())
}

/// The name of an HTML table row that names a model in one cell and links its paper from
/// another (`<td>Flan-PaLM</td> … <td><a href="…/2210.11416">Paper</a></td>`): LLMSurvey's
/// Flan-PaLM and Flan-U-PaLM rows cite the one paper that introduced both. HTML rows keep no
/// header in the document, so a short name (a model, not a paper title) stands for it.
fn html_row_name(doc: &Document, entry: &Entry) -> Option<String> {
    if entry.kind != EntryKind::HtmlRow || is_generic_label(&entry.title) {
        return None;
    }
    let title = entry.title_range.as_ref()?;
    let paper = &doc.link(entry.paper?).range;
    let apart = paper.end <= title.start || title.end <= paper.start;
    (apart && entry.title.split_whitespace().count() <= MAX_NAME_WORDS).then(|| entry.title.clone())
}

/// `🔥[**HADACORE**] HADACORE: … KERNEL(@Meta)`: xlite-dev's keyword in brackets before the
/// title and the affiliation after it.
static KEYWORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^\p{L}\p{N}\[]*\[([^\]]+)\]\s*").expect("keyword pattern"));
static AFFILIATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*\(@[^)]*\)\s*$").expect("affiliation pattern"));

/// A title and the shorter names it goes by.
struct Names {
    title: String,
    /// The title's key, computed once: folding a title is the costly part.
    key: String,
    /// No title, or a label such as `Paper`: nothing to compare.
    unknown: bool,
    /// Title keys of the short names: the main title before `:`, a bracketed keyword,
    /// aliases.
    short: Vec<String>,
    /// The key of a name before `:` (`HiCAST`, `Panoptic-PartFormer`), at most three words.
    name: Option<String>,
    /// The venue the entry names, lower case, when it names a conference or journal (not
    /// arXiv or a preprint): `ICLR` and `ICML` are two papers however alike the titles.
    venue: Option<String>,
    /// `GridWalk (multi-task)`: a name with a parenthetical qualifier, the same method
    /// listed again for another task.
    qualified: bool,
}

impl Names {
    fn of(doc: &Document, entry: &Entry) -> Self {
        let mut short = Vec::new();
        // mli's rows name the paper in the link (`撑起计算机视觉半边天的 [ResNet](…)`).
        if let Some(paper) = entry.paper.map(|id| doc.link(id))
            && !is_generic_label(&paper.text)
        {
            short.push(title_key(&paper.text));
        }
        let mut title = entry.title.as_str();
        if title.contains('[')
            && let Some(found) = KEYWORD.captures(title)
        {
            if let Some(keyword) = found.get(1) {
                short.push(title_key(keyword.as_str()));
            }
            title = &title[found.get(0).map_or(0, |m| m.end())..];
        }
        let title = AFFILIATION.replace(title, "").into_owned();
        let mut name = None;
        if let Some((head, _)) = title.split_once(':') {
            short.push(title_key(head));
            if head.split_whitespace().count() <= 3 {
                name = Some(title_key(head)).filter(|key| !key.is_empty());
            }
        }
        short.extend(entry.aliases.iter().map(|alias| title_key(alias)));
        short.retain(|key| key.chars().count() >= 2);
        let mut key = title_key(&title);
        let unknown = key.chars().count() < 2 || is_generic_key(&key);
        // `Bi-Mamba` and `Bi-Mamba+` are two methods; the key would fold the `+` away
        let pluses = title.trim_end().len() - title.trim_end().trim_end_matches('+').len();
        for _ in 0..pluses {
            key.push_str("plus");
        }
        let venue = entry.venue.as_deref().map(str::to_lowercase).filter(|v| {
            !matches!(
                v.as_str(),
                "arxiv" | "preprint" | "corr" | "biorxiv" | "medrxiv" | "ssrn"
            )
        });
        let qualified = {
            let trimmed = title.trim_end();
            trimmed.ends_with(')')
                && trimmed
                    .rfind('(')
                    .is_some_and(|open| open > 0 && !trimmed[..open].trim().is_empty())
        };
        Names {
            title,
            key,
            unknown,
            short,
            name,
            venue,
            qualified,
        }
    }

    fn unknown(&self) -> bool {
        self.unknown
    }

    /// A name, not a title: its words say nothing about another title (`MoCo` and `MoCov1`
    /// are one paper in mli's list), only whether it names it.
    fn bare(&self) -> bool {
        !self.unknown() && self.title.split_whitespace().count() < MIN_TITLE_WORDS
    }

    /// Whether this bare name is a name of `titled`: its short name, or the start of its
    /// title (`GPT` of `GPT-4 Technical Report`).
    fn names(&self, titled: &Names) -> bool {
        let full = &titled.key;
        std::iter::once(&self.key)
            .chain(self.short.iter())
            .any(|key| {
                titled.short.contains(key)
                    || full == key
                    || (key.chars().count() >= 3 && full.starts_with(key.as_str()))
            })
    }
}

/// Whether two entries that share a paper link name one work. Unknown titles agree with
/// anything; a short name of one that is the other's title or short name agrees
/// (`K-Adapter` and `K-Adapter: Infusing Knowledge …`); two different names before the colon
/// disagree however alike the rest (`Panoptic-PartFormer: Learning a Unified Model for
/// Panoptic Part Segmentation` and `PanopticPartFormer++: A Unified and Decoupled View for
/// Panoptic Part Segmentation`); otherwise the words must overlap.
fn same_work(a: &Names, b: &Names) -> bool {
    if a.unknown() || b.unknown() {
        return true;
    }
    let (key_a, key_b) = (&a.key, &b.key);
    if key_a == key_b
        || a.short.iter().any(|s| s == key_b || b.short.contains(s))
        || b.short.contains(key_a)
    {
        return true;
    }
    if let (Some(name_a), Some(name_b)) = (&a.name, &b.name)
        && name_a != name_b
    {
        return false;
    }
    // zeke-xie's list: `Gradient descent provably optimizes over-parameterized neural
    // networks` (ICLR 2019) and `Gradient descent finds global minima of deep neural
    // networks` (ICML 2019) share the list's topic words and one PMLR link; two venues say
    // two papers unless the titles all but match
    let threshold = match (&a.venue, &b.venue) {
        (Some(venue_a), Some(venue_b)) if venue_a != venue_b => TITLE_MATCH_THRESHOLD,
        _ => SAME_WORK_SIMILARITY,
    };
    title_similarity(&a.title, &b.title) >= threshold
}

/// Whether two bare names (no title among the holders of a link) name one thing: the same
/// name, or one the other's short name. `Duo-Scan` and `Duo-Scan+`, `ResStack` and
/// `CauseFill` are two.
fn same_bare_name(a: &Names, b: &Names) -> bool {
    // mli writes MoCo as `MoCo` and `MoCov1`: a version suffix names the same paper
    let versioned = |short: &str, long: &str| {
        long.strip_prefix(short)
            .and_then(|rest| rest.strip_prefix('v'))
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    a.key == b.key
        || a.short.contains(&b.key)
        || b.short.contains(&a.key)
        || versioned(&a.key, &b.key)
        || versioned(&b.key, &a.key)
}

/// A link text that says what kind of page it opens, not which paper or tool: `[[pdf]]`,
/// `[Paper]`, `[[Code]]`.
fn is_generic_label(text: &str) -> bool {
    is_generic_key(&title_key(text))
}

/// [`is_generic_label`] of a text whose title key is `key`.
fn is_generic_key(key: &str) -> bool {
    key.chars().count() < 2
        || [
            "paper",
            "pdf",
            "arxiv",
            "link",
            "abs",
            "abstract",
            "html",
            "openreview",
            "acl",
            "doi",
            "preprint",
            "paperpdf",
            "arxivpaper",
            "code",
            "github",
            "repo",
            "project",
            "projectpage",
            "website",
            "homepage",
            "demo",
            "blog",
            "video",
            "slides",
            "proceedings",
            "article",
        ]
        .contains(&key)
}

/// How a message names an entry: an alias, xlite-dev's bracketed keyword, a short main
/// title (`HiCAST` of `HiCAST: Highly Customized …`), else the title's first words.
pub(crate) fn short_name(entry: &Entry) -> String {
    if let Some(alias) = entry.aliases.first() {
        return alias.clone();
    }
    let mut title = entry.title.trim();
    if title.contains('[')
        && let Some(found) = KEYWORD.captures(title)
    {
        if let Some(keyword) = found.get(1) {
            return keyword.as_str().trim_matches(['*', '_', ' ']).to_string();
        }
        title = &title[found.get(0).map_or(0, |m| m.end())..];
    }
    let title = AFFILIATION.replace(title, "");
    let name = match title.split_once(':') {
        Some((head, _)) if head.split_whitespace().count() <= 5 => head.trim(),
        _ => title.trim(),
    };
    let mut words = name.split_whitespace();
    let short: Vec<&str> = words.by_ref().take(8).collect();
    let cut = if words.next().is_some() { " …" } else { "" };
    format!("{}{cut}", short.join(" "))
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn root(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        self.0[a.max(b)] = a.min(b);
    }
}

/// A table whose every row links a video (mli's `| 日期 | 标题 | 封面 | 时长 | 视频 |`) lists
/// talks about papers, not papers: two videos on ResNet are two rows, and a video row and
/// the paper's row in the list's catalogue are both meant. Its rows are identified by their
/// video and paper.
fn talks_about_papers(doc: &Document, facts: &mut [Facts]) {
    let video_of = |entry: &Entry| {
        entry
            .links
            .iter()
            .map(|&id| doc.link(id))
            .find(|link| !link.image && url_role(&link.url) == Some(LinkRole::Video))
            .map(|link| link.url.clone())
    };
    let mut rows: HashMap<usize, (usize, usize)> = HashMap::new();
    for entry in doc.entries() {
        if let EntryKind::TableRow { table, .. } = entry.kind {
            let counts = rows.entry(table).or_default();
            counts.0 += 1;
            counts.1 += usize::from(video_of(entry).is_some());
        }
    }
    for (entry, fact) in doc.entries().iter().zip(facts.iter_mut()) {
        let EntryKind::TableRow { table, .. } = entry.kind else {
            continue;
        };
        let all_videos = rows.get(&table).is_some_and(|&(n, v)| n >= 3 && v == n);
        let Some(video) = video_of(entry).filter(|_| all_videos) else {
            continue;
        };
        // AlphaFold 2's video row links the paper's PDF on nature.com: no paper key
        *fact = match fact.paper.clone() {
            Some(key) => Facts {
                cited: Some((video, key)),
                ..Facts::default()
            },
            None => Facts {
                resource: Some((video, title_key(&entry.title))),
                ..Facts::default()
            },
        };
    }
}

/// Whether an entry's short names are bracketed topic tags (xlite-dev's `[**SP: BPT**]` and
/// `[**Blockwise Attention**]` tag one paper in two sections), not names of what it lists.
fn tagged(doc: &Document, entry: &Entry) -> bool {
    let text = doc.text().get(entry.range.clone()).unwrap_or("");
    entry.aliases.iter().all(|alias| {
        text.contains(&format!("[**{alias}**]")) || text.contains(&format!("[{alias}]"))
    })
}

/// Two entries with different ids of the same kind (two arXiv ids) are two papers, however
/// alike their titles: cmhungsteve's list has two different papers called `EfficientViT`.
fn conflicting(a: &Facts, b: &Facts) -> bool {
    match (&a.paper, &b.paper) {
        (Some(p), Some(q)) => std::mem::discriminant(p) == std::mem::discriminant(q) && p != q,
        _ => false,
    }
}

/// The works among the holders of one paper link, each a list of entries in document order.
/// Titles are compared first; a bare name then joins the work it names (`K-Adapter`, `GPT`
/// for `GPT-4 Technical Report`), or else it is another resource citing the paper
/// (Hannibal046 lists the model `DeepSeek-v2-236B-MoE` with the paper's link) and is
/// identified by its name and the paper from then on; entries without a usable title join
/// the first work.
fn works_of(
    doc: &Document,
    holders: &[EntryId],
    facts: &mut [Facts],
    key: &PaperKey,
) -> Vec<Vec<EntryId>> {
    let entries = doc.entries();
    let names: Vec<Names> = holders
        .iter()
        .map(|&i| Names::of(doc, &entries[i]))
        .collect();
    let mut works: Vec<Vec<usize>> = Vec::new();
    for (h, name) in names.iter().enumerate() {
        if name.unknown() || name.bare() {
            continue;
        }
        match works.iter().position(|w| same_work(name, &names[w[0]])) {
            Some(w) => works[w].push(h),
            None => works.push(vec![h]),
        }
    }
    let titled = works.len();
    for (h, name) in names.iter().enumerate() {
        if !name.bare() {
            continue;
        }
        if let Some(w) = works[..titled]
            .iter()
            .position(|w| w.iter().any(|&t| name.names(&names[t])))
        {
            works[w].push(h);
        } else if titled > 0 {
            let fact = &mut facts[holders[h]];
            fact.paper = None;
            fact.title = None;
            fact.has_paper = false;
            fact.cited = Some((title_key(&name.title), key.clone()));
        } else if name.qualified
            && names.iter().any(|other| {
                other.key != name.key
                    && name.key.starts_with(other.key.as_str())
                    && !other.unknown()
            })
        {
            // `GridWalk (multi-task)` beside `GridWalk`: the method listed again for another
            // task, on purpose; it cites the paper
            let fact = &mut facts[holders[h]];
            fact.paper = None;
            fact.title = None;
            fact.has_paper = false;
            fact.cited = Some((name.key.clone(), key.clone()));
        } else {
            match works[titled..]
                .iter()
                .position(|w| same_bare_name(name, &names[w[0]]))
            {
                Some(w) => works[titled + w].push(h),
                None => works.push(vec![h]),
            }
        }
    }
    for (h, name) in names.iter().enumerate() {
        if name.unknown() {
            match works.first_mut() {
                Some(first) => first.push(h),
                None => works.push(vec![h]),
            }
        }
    }
    // LLMSurvey files one paper under each thing it introduced: `<u>T5</u>` under models,
    // `<u>C4</u>` under corpora, `<u>T5 bias</u>` under position encodings, and
    // `<u>Flan-T5</u>` and `<u>Flan-PaLM && Flan-U-PaLM</u>` under open and closed models.
    // Entries of one work named by different names are resources citing the paper, as
    // dataset rows are, and are identified by name and paper from then on.
    let alias_keys: Vec<Vec<String>> = holders
        .iter()
        .map(|&i| entries[i].aliases.iter().map(|a| title_key(a)).collect())
        .collect();
    // What else an entry links (code, checkpoint, corpus page): xlite-dev tags one row
    // `[vLLM]` in one section and `[PagedAttention]` in another, with one repository — one
    // work under two topic tags, not two things.
    let resources: Vec<Vec<&str>> = holders
        .iter()
        .map(|&i| {
            let mut urls: Vec<&str> = entries[i]
                .links
                .iter()
                .map(|&id| doc.link(id))
                .filter(|link| {
                    !link.image
                        && !matches!(
                            link.role,
                            Some(LinkRole::Paper | LinkRole::Title | LinkRole::Badge) | None
                        )
                })
                .map(|link| link.url.as_str())
                .collect();
            urls.sort_unstable();
            urls
        })
        .collect();
    let share_a_name = |a: usize, b: usize| {
        alias_keys[a].iter().any(|k| alias_keys[b].contains(k)) || resources[a] == resources[b]
    };
    for work in &mut works {
        let named: Vec<usize> = work
            .iter()
            .copied()
            .filter(|&h| !alias_keys[h].is_empty() && !tagged(doc, &entries[holders[h]]))
            .collect();
        let differently_named = named
            .iter()
            .any(|&a| named.iter().any(|&b| !share_a_name(a, b)));
        if !differently_named {
            continue;
        }
        for &h in &named {
            let fact = &mut facts[holders[h]];
            fact.paper = None;
            fact.title = None;
            fact.has_paper = false;
            fact.cited = Some((alias_keys[h][0].clone(), key.clone()));
        }
        work.retain(|h| !named.contains(h));
    }
    works.retain(|w| !w.is_empty());
    let mut works: Vec<Vec<EntryId>> = works
        .into_iter()
        .map(|mut w| {
            w.sort_unstable();
            w.into_iter().map(|h| holders[h]).collect()
        })
        .collect();
    works.sort_by_key(|w| w[0]);
    works
}

/// Two entries of one title are one work unless they carry different ids of one kind, or
/// both are known by their title alone (nothing then says either is the paper).
fn may_share_a_title(a: &Facts, b: &Facts) -> bool {
    let both_linkless = a.linkless && b.linkless;
    !(both_linkless || conflicting(a, b))
}

/// The copies of a document outside the sections whose headings hold one of
/// `summary_sections`, grouped once per document and phrase list: duplicate-entry and
/// shared-paper-link read the same grouping (the 10 MB list groups in about 0.8 s).
pub(crate) fn find_outside(doc: &Document, summary_sections: &[String]) -> Arc<Copies> {
    let key = format!("copies\u{1f}{}", summary_sections.join("\u{1f}"));
    doc.memo(&key, || {
        let summary = SummarySections::of(doc, summary_sections);
        find(doc, |entry| !summary.holds(entry))
    })
}

/// Group the entries `considered` accepts. Each identity keeps a few representatives and
/// joins a newcomer to the first that fits, so a paper listed a thousand times costs a
/// thousand steps, not a million.
pub(crate) fn find(doc: &Document, considered: impl Fn(&Entry) -> bool) -> Copies {
    let entries = doc.entries();
    let mut facts: Vec<Facts> = entries
        .iter()
        .map(|e| {
            if considered(e) {
                Facts::of(doc, e)
            } else {
                Facts::default()
            }
        })
        .collect();
    talks_about_papers(doc, &mut facts);
    let mut sets = UnionFind((0..entries.len()).collect());

    // One paper link: the holders form one work per title that differs from the others.
    let mut holders: HashMap<PaperKey, Vec<EntryId>> = HashMap::new();
    let mut key_order: Vec<PaperKey> = Vec::new();
    for (i, fact) in facts.iter().enumerate() {
        if let Some(key) = &fact.paper {
            let list = holders.entry(key.clone()).or_insert_with(|| {
                key_order.push(key.clone());
                Vec::new()
            });
            list.push(i);
        }
    }
    let mut shared = Vec::new();
    for key in key_order {
        let Some(list) = holders.remove(&key) else {
            continue;
        };
        // One holder is one work whatever its names say: most paper links are listed once,
        // and naming every holder was a sixth of `check` on a 10 MB list (issue 11)
        if list.len() < 2 {
            continue;
        }
        let works = works_of(doc, &list, &mut facts, &key);
        for work in &works {
            for &i in &work[1..] {
                sets.join(i, work[0]);
            }
        }
        if works.len() > 1 {
            shared.push(SharedLink { key, works });
        }
    }

    // One title: joins entries whose links differ (an arXiv link and the ACL Anthology page),
    // never two different ids of one kind, never two entries known by their title alone.
    let mut by_title: HashMap<&str, Vec<EntryId>> = HashMap::new();
    for (i, fact) in facts.iter().enumerate() {
        let Some(title) = &fact.title else { continue };
        let representatives = by_title.entry(title.as_str()).or_default();
        let fits = representatives
            .iter()
            .copied()
            .find(|&j| may_share_a_title(fact, &facts[j]));
        match fits {
            Some(j) => sets.join(i, j),
            None => representatives.push(i),
        }
    }

    let mut first_holder: HashMap<(&str, &str), EntryId> = HashMap::new();
    // An overview table (LLMSurvey's `List of LLMs`: model, date, size, `Paper`) names the
    // models the list then describes one by one: a row and an item that cite one paper
    // under one name are the overview and the entry, not copies.
    let mut first_citer: HashMap<(&str, &PaperKey, bool), EntryId> = HashMap::new();
    for (i, fact) in facts.iter().enumerate() {
        if let Some((link, title)) = &fact.resource {
            let j = *first_holder.entry((link, title)).or_insert(i);
            sets.join(i, j);
        }
        if let Some((name, key)) = &fact.cited {
            let row = matches!(
                entries[i].kind,
                EntryKind::TableRow { .. } | EntryKind::HtmlRow
            );
            let j = *first_citer.entry((name, key, row)).or_insert(i);
            sets.join(i, j);
        }
    }

    let mut members: HashMap<usize, Vec<EntryId>> = HashMap::new();
    for (i, fact) in facts.iter().enumerate() {
        if fact.has_identity() {
            members.entry(sets.root(i)).or_default().push(i);
        }
    }
    let mut groups: Vec<Group> = members
        .into_values()
        .filter(|g| g.len() > 1)
        .map(|entries| Group {
            matched: matched(&facts, &entries),
            papers: entries.iter().any(|&i| facts[i].has_paper),
            entries,
        })
        .collect();
    groups.sort_by_key(|g| g.entries[0]);

    Copies { groups, shared }
}

/// One thing copies can have in common.
#[derive(PartialEq)]
enum Shared<'a> {
    Paper(&'a PaperKey),
    Title(&'a str),
    Link(&'a str, &'a str),
    Cited(&'a str, &'a PaperKey),
}

impl Shared<'_> {
    fn describe(&self) -> String {
        match self {
            Shared::Paper(key) => format!("same {}", describe_key(key)),
            Shared::Title(_) => "same title".to_string(),
            Shared::Link(..) => "same link".to_string(),
            Shared::Cited(..) => "same name and paper".to_string(),
        }
    }
}

/// What the copies of a group share: the identity all of them hold, or else every identity
/// that two of them hold.
fn matched(facts: &[Facts], group: &[EntryId]) -> String {
    let mut counts: Vec<(Shared<'_>, usize)> = Vec::new();
    for &i in group {
        let fact = &facts[i];
        let held = [
            fact.paper.as_ref().map(Shared::Paper),
            fact.title.as_deref().map(Shared::Title),
            fact.resource.as_ref().map(|(l, t)| Shared::Link(l, t)),
            fact.cited.as_ref().map(|(n, k)| Shared::Cited(n, k)),
        ];
        for what in held.into_iter().flatten() {
            match counts.iter_mut().find(|(w, _)| *w == what) {
                Some((_, n)) => *n += 1,
                None => counts.push((what, 1)),
            }
        }
    }
    if let Some((what, _)) = counts.iter().find(|(_, n)| *n == group.len()) {
        return what.describe();
    }
    let mut described: Vec<String> = Vec::new();
    for (what, n) in &counts {
        let text = what.describe();
        if *n > 1 && !described.contains(&text) {
            described.push(text);
        }
    }
    described.join(" or ")
}

/// `arXiv id 2404.09221`, `DOI 10.1145/…`: how a message names a paper key.
pub(crate) fn describe_key(key: &PaperKey) -> String {
    match key {
        PaperKey::Arxiv(id) => format!("arXiv id {id}"),
        PaperKey::Doi(doi) => format!("DOI {doi}"),
        PaperKey::Acl(id) => format!("ACL Anthology id {id}"),
        PaperKey::OpenReview(id) => format!("OpenReview id {id}"),
        PaperKey::Proceedings { venue, id } => format!("{venue} paper {id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(title: &str) -> Names {
        let doc = Document::parse(format!(
            "- {title} [[Paper](https://arxiv.org/abs/2106.09685)]\n"
        ));
        Names::of(&doc, &doc.entries()[0])
    }

    #[test]
    fn titles_that_name_one_work() {
        // the seed's MOELoRA: v1 title and final title share most words
        assert!(same_work(
            &names(
                "MOELoRA: An MOE-based Parameter Efficient Fine-Tuning Method for Multi-task Medical Applications"
            ),
            &names(
                "When MOE Meets LLMs: Parameter Efficient Fine-tuning for Multi-task Medical Applications"
            ),
        ));
        assert!(same_work(
            &names("K-Adapter"),
            &names("K-Adapter: Infusing Knowledge into Pre-Trained Models with Adapters"),
        ));
        // xlite-dev: a keyword in brackets, rating marks and the affiliation around the title
        assert!(same_work(
            &names(
                "🔥🔥[SGLang] Efficiently Programming Large Language Models using SGLang(@Stanford University etc)"
            ),
            &names(
                "🔥🔥[RadixAttention] Efficiently Programming Large Language Models using SGLang(@Stanford University etc)"
            ),
        ));
        assert!(same_work(
            &names("Paper"),
            &names("From Assistant to Double Agent")
        ));
    }

    #[test]
    fn bare_names_join_the_work_they_name_or_are_other_resources() {
        // mli lists MoCo as `MoCo` and `MoCov1`: names alone, one paper
        let doc = Document::parse(
            "- [MoCo](https://arxiv.org/abs/1911.05722)\n- [MoCov1](https://arxiv.org/abs/1911.05722)\n",
        );
        let copies = find(&doc, |_| true);
        assert_eq!((copies.groups.len(), copies.shared.len()), (1, 0));
        // Hannibal046: the paper, and a model list item linking it
        let doc = Document::parse(
            "## Milestone Papers\n\n- [DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model](https://arxiv.org/abs/2405.04434)\n- [GPT](https://arxiv.org/abs/2405.04434)\n\n## Open LLM\n\n- [DeepSeek-v2-236B-MoE](https://arxiv.org/abs/2405.04434)\n- [DeepSeek-V2](https://arxiv.org/abs/2405.04434)\n",
        );
        let copies = find(&doc, |_| true);
        assert!(copies.shared.is_empty(), "{:?}", copies.shared);
        // `DeepSeek-V2` names the paper; `DeepSeek-v2-236B-MoE` and `GPT` are other things
        assert_eq!(copies.groups.len(), 1);
        assert_eq!(copies.groups[0].entries, [0, 3]);
    }

    #[test]
    fn titles_that_name_different_works() {
        assert!(!same_work(
            &names("Panoptic-PartFormer: Learning a Unified Model for Panoptic Part Segmentation"),
            &names(
                "PanopticPartFormer++: A Unified and Decoupled View for Panoptic Part Segmentation"
            ),
        ));
        assert!(!same_work(
            &names(
                "Style Injection in Diffusion: A Training-free Approach for Adapting Large-scale Diffusion Models for Style Transfer"
            ),
            &names(
                "HiCAST: Highly Customized Arbitrary Style Transfer with Adapter Enhanced Diffusion Models"
            ),
        ));
        assert!(!same_work(
            &names("FireAct: Toward Language Agent Fine-tuning"),
            &names("Voyager: An Open-Ended Embodied Agent with Large Language Models"),
        ));
    }

    #[test]
    fn a_link_text_that_names_the_paper_is_a_short_name() {
        // mli: `撑起计算机视觉半边天的 [ResNet](…)` and `[ResNet](…) 论文逐段精读`
        let doc = Document::parse(
            "| Date | Title |\n|---|---|\n| 10/22/21 | [ResNet](https://arxiv.org/abs/1512.03385) 论文逐段精读 |\n| 10/21/21 | 撑起计算机视觉半边天的 深度残差网络 [ResNet](https://arxiv.org/abs/1512.03385) |\n",
        );
        let copies = find(&doc, |_| true);
        assert!(copies.shared.is_empty(), "{:?}", copies.shared);
        assert_eq!(copies.groups.len(), 1);
    }

    #[test]
    fn summary_headings_match_in_ascii_and_beyond() {
        let phrases: Vec<String> = ["start here", "News"].map(String::from).to_vec();
        let doc = Document::parse(
            "## Start  HERE\n\n- [A](https://a.io)\n\n## 🔥 News\n\n- [B](https://b.io)\n\n\
             ## Newsletter: starts here\n\n- [C](https://c.io)\n\n## Start\n\n- [D](https://d.io)\n\n\
             ## Ünïcode start here\n\n- [E](https://e.io)\n",
        );
        let sections = SummarySections::of(&doc, &phrases);
        let summary: Vec<bool> = doc
            .entries()
            .iter()
            .map(|entry| sections.holds(entry))
            .collect();
        assert_eq!(summary, [true, true, false, false, true]);
    }

    #[test]
    fn many_copies_cost_linear_work() {
        let entry = "- ReAct: Synergizing Reasoning and Acting in Language Models [[paper](https://arxiv.org/abs/2210.03629)]\n";
        let doc = Document::parse(entry.repeat(20_000));
        let copies = find(&doc, |_| true);
        assert_eq!(copies.groups.len(), 1);
        assert_eq!(copies.groups[0].entries.len(), 20_000);
        assert_eq!(copies.groups[0].matched, "same arXiv id 2210.03629");
    }

    #[test]
    fn short_names_for_messages() {
        let doc = Document::parse(
            "- HiCAST: Highly Customized Arbitrary Style Transfer with Adapter Enhanced Diffusion Models [[Paper](https://arxiv.org/abs/2312.09008)]\n\n| Title |\n|---|\n|🔥[**Parallel Decoding**] Exploring and Improving Drafts in Blockwise Parallel Decoding(@KAIST&Google Research)|\n\n- Rotation and Permutation for Advanced Outlier Management and Efficient Quantization of LLMs [[Paper](https://arxiv.org/abs/2308.13137)]\n",
        );
        let names: Vec<String> = doc.entries().iter().map(short_name).collect();
        assert_eq!(
            names,
            [
                "HiCAST",
                "Parallel Decoding",
                "Rotation and Permutation for Advanced Outlier Management and …"
            ]
        );
    }
}
