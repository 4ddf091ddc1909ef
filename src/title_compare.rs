//! How two ways of writing a paper's title differ, in terms a maintainer can check: the
//! content words they share and the short name before a colon.
//!
//! [`crate::identity::titles_match`] answers "is this the same title?"; a list writes the same
//! paper's title many ways (`… with LLMs` for `… with Large Language Models`, a venue after a
//! comma, `DeepSeek-R1 Technical Report` for `DeepSeek-R1: Incentivizing …`), so "not the same
//! title" is no evidence of a wrong link. This module measures how *unlike* two titles are.

use crate::identity::merge_split_words;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::identity::{fold_title, near_same_word};

/// Words that join a title's content words and tell papers apart no better than punctuation.
const STOP_WORDS: &[&str] = &[
    "a", "about", "all", "an", "and", "are", "as", "at", "be", "beyond", "but", "by", "can", "do",
    "does", "for", "from", "how", "in", "into", "is", "it", "its", "more", "not", "of", "on", "or",
    "our", "over", "than", "that", "the", "their", "this", "through", "to", "toward", "towards",
    "using", "via", "vs", "we", "what", "when", "where", "which", "why", "with", "without", "you",
    "your",
];

/// Abbreviations lists write for words arXiv titles spell out (`Tree of Thoughts: Deliberate
/// Problem Solving with LLMs`), singular; a plural `s` is dropped before lookup.
const ABBREVIATIONS: &[(&str, &[&str])] = &[
    ("ai", &["artificial", "intelligence"]),
    ("asr", &["automatic", "speech", "recognition"]),
    ("cnn", &["convolutional", "neural", "network"]),
    ("cot", &["chain", "thought"]),
    ("dnn", &["deep", "neural", "network"]),
    ("dpo", &["direct", "preference", "optimization"]),
    ("gan", &["generative", "adversarial", "network"]),
    ("gnn", &["graph", "neural", "network"]),
    ("icl", &["context", "learning"]),
    ("kd", &["knowledge", "distillation"]),
    ("kg", &["knowledge", "graph"]),
    ("llm", &["large", "language", "model"]),
    ("lm", &["language", "model"]),
    ("lvlm", &["large", "vision", "language", "model"]),
    ("mllm", &["multimodal", "large", "language", "model"]),
    ("moe", &["mixture", "expert"]),
    ("nlg", &["natural", "language", "generation"]),
    ("nlp", &["natural", "language", "processing"]),
    ("nlu", &["natural", "language", "understanding"]),
    ("nmt", &["neural", "machine", "translation"]),
    ("peft", &["parameter", "efficient", "finetuning"]),
    ("plm", &["pretrained", "language", "model"]),
    ("qa", &["question", "answering"]),
    ("rag", &["retrieval", "augmented", "generation"]),
    ("rl", &["reinforcement", "learning"]),
    ("rlhf", &["reinforcement", "learning", "human", "feedback"]),
    ("rnn", &["recurrent", "neural", "network"]),
    ("sft", &["supervised", "finetuning"]),
    ("ssm", &["state", "space", "model"]),
    ("vit", &["vision", "transformer"]),
    ("vlm", &["vision", "language", "model"]),
    ("vqa", &["visual", "question", "answering"]),
];

/// Longest short name before a colon, in words (`Tree of Thoughts`, `DeepSeek-R1`).
const MAX_NAME_WORDS: usize = 3;

/// Text lists attach to a title: marks and a short name before it (`🔥🔥[RWKV] RWKV: …`), an
/// author note (`…Era(@Bo Peng etc)`), HTML (`<ins>`), and
/// venue or year after a comma (`…Transformer Era, EMNLP-Findings, 2023`).
static LEADING_MARKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^\p{L}\p{N}\[]*(?:\[[^\]]*\][^\p{L}\p{N}\[]*)*").expect("valid regex")
});
static AUTHOR_NOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(\s*@[^)]*\)?.*$").expect("valid regex"));
static HTML_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?[A-Za-z][^>]*>").expect("valid regex"));
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:19|20)\d{2}\b|'\d{2}\b").expect("valid regex"));

/// The title without what lists attach to it: leading marks and bracketed tags, an author
/// note, HTML tags, and the comma-separated venue and year after it.
pub fn strip_attachments(title: &str) -> String {
    let title = LEADING_MARKS.replace(title, "");
    let title = AUTHOR_NOTE.replace(&title, "");
    let title = HTML_TAG.replace_all(&title, " ");
    let mut title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    // `RWKV: Reinventing RNNs for the Transformer Era, EMNLP-Findings, 2023`: cut the first
    // comma after which every part is a year or a short run of capitalised words.
    let parts: Vec<&str> = title.split(", ").collect();
    if let Some(cut) = (1..parts.len()).find(|&i| parts[i..].iter().all(|p| is_venue_or_year(p))) {
        title = parts[..cut].join(", ");
    }
    title
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';'))
        .to_owned()
}

/// `2023`, `EMNLP-Findings`, `NeurIPS 2023`, `ICLR'24`, `arXiv`, `NeurIPS-ENLSP`: what follows a title's comma
/// in lists that write the venue inline.
fn is_venue_or_year(part: &str) -> bool {
    let part = part.trim().trim_end_matches(['.', ')', ']']);
    if part.is_empty() || part.split_whitespace().count() > 3 {
        return false;
    }
    if YEAR.is_match(part) {
        return true;
    }
    // every word capitalised, one of them an acronym: `EMNLP-Findings`, `TMLR`, `NeurIPS`
    let parts = || part.split(|c: char| c.is_whitespace() || c == '-');
    part.eq_ignore_ascii_case("arxiv")
        || (parts().all(|p| p.chars().next().is_some_and(char::is_uppercase))
            && parts().any(|p| p.chars().filter(char::is_ascii_uppercase).count() >= 2))
}

/// Whether the comparison can read the title: Latin or Greek letters. A row written in
/// Chinese (`Llama 3.1论文精读 · 2. 预训练数据`) shares no words with an English title whatever
/// it links to.
pub fn understood_script(title: &str) -> bool {
    title.chars().filter(|c| c.is_alphabetic()).all(|c| {
        let code = c as u32;
        code < 0x0400 // Latin, its extensions, IPA, Greek
            || (0x1E00..=0x1FFF).contains(&code) // Latin Extended Additional, Greek Extended
            || (0x2100..=0x214F).contains(&code) // letterlike symbols (ℓ)
            || (0x1D400..=0x1D7FF).contains(&code) // mathematical alphanumerics
            || (0xFF21..=0xFF5A).contains(&code) // full-width Latin
    })
}

/// A title cut into what the comparison looks at.
#[derive(Debug, Clone)]
pub struct TitleWords {
    /// Every word, folded (case, accents, LaTeX), abbreviations spelled out, plurals singular.
    tokens: Vec<String>,
    /// The short name before a colon, folded to letters and digits (`deepseekr1`).
    name: Option<String>,
    /// That name as written.
    name_text: Option<String>,
}

impl TitleWords {
    pub fn new(title: &str) -> Self {
        let (name, name_text) = match short_name(title) {
            Some(text) => {
                let key: String = tokens_of(text).concat();
                (
                    (key.chars().count() >= 2).then_some(key),
                    Some(text.to_owned()),
                )
            }
            None => (None, None),
        };
        Self {
            tokens: tokens_of(title),
            name,
            name_text,
        }
    }

    /// The short name before the colon, as written.
    pub fn name(&self) -> Option<&str> {
        self.name_text.as_deref()
    }

    /// Whether `name` (folded) is written in this title, as one word or a run of words
    /// (`deepseekr1` in `DeepSeek-R1 Technical Report`).
    fn spells(&self, name: &str) -> bool {
        (0..self.tokens.len()).any(|start| {
            let mut joined = String::new();
            self.tokens[start..].iter().take(4).any(|token| {
                joined.push_str(token);
                joined == name
            })
        })
    }
}

/// The part before the first colon when it is a short name: one to three words, and the
/// colon is followed by more title.
fn short_name(title: &str) -> Option<&str> {
    let (head, tail) = title.split_once(':')?;
    let head = head.trim();
    let words = head.split_whitespace().count();
    ((1..=MAX_NAME_WORDS).contains(&words) && !tail.trim().is_empty()).then_some(head)
}

fn tokens_of(title: &str) -> Vec<String> {
    fold_title(title)
        .split(|c: char| !(c.is_alphanumeric() || c == '+'))
        .filter(|t| !t.is_empty())
        .flat_map(|token| {
            if STOP_WORDS.contains(&token) {
                return vec![token.to_owned()];
            }
            let singular = singular(token);
            match ABBREVIATIONS
                .iter()
                .find(|(short, _)| *short == singular.as_str())
            {
                Some((_, long)) => long.iter().map(|w| (*w).to_owned()).collect(),
                None => vec![singular.to_owned()],
            }
        })
        .collect()
}

/// `models` → `model`, `strategies` → `strategy`; names with digits stay as written.
fn singular(word: &str) -> String {
    if word.chars().count() < 4 && !word.ends_with('s') {
        return word.to_owned();
    }
    if !word.chars().all(char::is_alphabetic) {
        return word.to_owned();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        if stem.chars().count() >= 2 {
            return format!("{stem}y");
        }
    }
    let keeps_s = ["ss", "us", "is"].iter().any(|end| word.ends_with(end));
    match word.strip_suffix('s') {
        // `llms`, `vlms`, `gnns` have only three letters before the `s`
        Some(stem) if !keeps_s && stem.chars().count() >= 2 => stem.to_owned(),
        _ => word.to_owned(),
    }
}

/// How one title compares with another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// Content words of the first title found in the second.
    pub shared_first: usize,
    pub first_words: usize,
    /// Content words of the second title found in the first.
    pub shared_second: usize,
    pub second_words: usize,
    pub names: Names,
}

/// What the short names before the colons say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Names {
    /// One title's short name is written in the other (`DeepSeek-R1 Technical Report` and
    /// `DeepSeek-R1: Incentivizing …`).
    Agree,
    /// Both titles have a short name and neither is written in the other (`FireAct: …` and
    /// `Voyager: …`).
    Differ { first: String, second: String },
    /// Not enough names to tell.
    Unknown,
}

impl Comparison {
    /// The larger share of either title's content words found in the other: a venue or an
    /// author note on one side does not hide that all the other's words are there.
    pub fn overlap(&self) -> f64 {
        let share = |shared: usize, total: usize| {
            if total == 0 {
                0.0
            } else {
                shared as f64 / total as f64
            }
        };
        share(self.shared_first, self.first_words).max(share(self.shared_second, self.second_words))
    }
}

/// Compares two titles word by word.
pub fn compare(first: &TitleWords, second: &TitleWords) -> Comparison {
    let second_set: BTreeSet<&str> = second.tokens.iter().map(String::as_str).collect();
    let first_merged = merge_split_words(&first.tokens, &second_set);
    let first_set: BTreeSet<&str> = first_merged.iter().map(String::as_str).collect();
    let second_merged = merge_split_words(&second.tokens, &first_set);
    let (first_words, second_words) = telling(
        without_stop_words(&first_merged),
        without_stop_words(&second_merged),
    );
    let found_in = |words: &BTreeSet<String>, other: &BTreeSet<String>| {
        words
            .iter()
            .filter(|word| other.contains(*word) || other.iter().any(|o| near_same_word(word, o)))
            .count()
    };
    let names = match (&first.name, &second.name) {
        (Some(name), _) if second.spells(name) => Names::Agree,
        (_, Some(name)) if first.spells(name) => Names::Agree,
        (Some(_), Some(_)) => Names::Differ {
            first: first.name_text.clone().unwrap_or_default(),
            second: second.name_text.clone().unwrap_or_default(),
        },
        _ => Names::Unknown,
    };
    Comparison {
        shared_first: found_in(&first_words, &second_words),
        first_words: first_words.len(),
        shared_second: found_in(&second_words, &first_words),
        second_words: second_words.len(),
        names,
    }
}

/// Words of the field that most titles of a list share (`large language models`, `diffusion
/// models`): two titles sharing them are no closer. Kept when a title has little else.
const GENERIC_WORDS: &[&str] = &[
    "model",
    "language",
    "large",
    "learning",
    "network",
    "neural",
    "deep",
    "data",
    "diffusion",
    "method",
    "approach",
    "framework",
    "task",
    "training",
    "based",
    "transformer",
    "generation",
];

/// Both titles' words without the field's words, when both have two other words; else as
/// they are, so `Video Diffusion Models` still meets `Imagen Video: … with Diffusion Models`.
fn telling(
    first: BTreeSet<String>,
    second: BTreeSet<String>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let specific = |words: &BTreeSet<String>| -> BTreeSet<String> {
        words
            .iter()
            .filter(|w| !GENERIC_WORDS.contains(&w.as_str()))
            .cloned()
            .collect()
    };
    let (first_specific, second_specific) = (specific(&first), specific(&second));
    if first_specific.len() >= 2 && second_specific.len() >= 2 {
        (first_specific, second_specific)
    } else {
        (first, second)
    }
}

/// The content words of a title as the comparison sees them (folded, abbreviations spelled
/// out, singular, stop words dropped), for indexing many titles.
pub fn content_words(title: &str) -> BTreeSet<String> {
    without_stop_words(&tokens_of(title))
}

fn without_stop_words(tokens: &[String]) -> BTreeSet<String> {
    tokens
        .iter()
        .filter(|t| !STOP_WORDS.contains(&t.as_str()))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Comparison {
        compare(&TitleWords::new(a), &TitleWords::new(b))
    }

    #[test]
    fn strips_what_lists_attach() {
        assert_eq!(
            strip_attachments(
                "RWKV: Reinventing RNNs for the Transformer Era, <ins>EMNLP-Findings, 2023</ins>"
            ),
            "RWKV: Reinventing RNNs for the Transformer Era"
        );
        assert_eq!(
            strip_attachments("RWKV: Reinventing RNNs for the Transformer Era(@Bo Peng etc)"),
            "RWKV: Reinventing RNNs for the Transformer Era"
        );
        assert_eq!(
            strip_attachments("🔥🔥🔥[DeepSeek-R1] DeepSeek-R1 Technical Report(@deepseek-ai)"),
            "DeepSeek-R1 Technical Report"
        );
        assert_eq!(
            strip_attachments("Parameter-Efficient Transfer Learning for NLP, ICML'19"),
            "Parameter-Efficient Transfer Learning for NLP"
        );
        // a comma inside the title stays
        assert_eq!(
            strip_attachments("Simple, Scalable Adaptation for Neural Machine Translation"),
            "Simple, Scalable Adaptation for Neural Machine Translation"
        );
        assert_eq!(
            strip_attachments(
                "Sheared LLaMA: Accelerating Language Model Pre-training, NeurIPS-ENLSP, 2023"
            ),
            "Sheared LLaMA: Accelerating Language Model Pre-training"
        );
        assert_eq!(
            strip_attachments("Compress, Gather, and Recompute: REFORMing Long-Context Processing"),
            "Compress, Gather, and Recompute: REFORMing Long-Context Processing"
        );
        assert_eq!(
            strip_attachments("Ask Me Anything: A simple strategy for prompting language models"),
            "Ask Me Anything: A simple strategy for prompting language models"
        );
    }

    #[test]
    fn abbreviations_meet_their_spelling() {
        let c = cmp(
            "Tree of Thoughts: Deliberate Problem Solving with LLMs",
            "Tree of Thoughts: Deliberate Problem Solving with Large Language Models",
        );
        assert_eq!(c.overlap(), 1.0);
        let c = cmp(
            "Graph Neural Networks for NLP",
            "GNNs for Natural Language Processing",
        );
        assert_eq!(c.overlap(), 1.0);
    }

    #[test]
    fn names_before_a_colon() {
        assert_eq!(
            cmp(
                "DeepSeek-R1 Technical Report",
                "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning"
            )
            .names,
            Names::Agree
        );
        assert_eq!(
            cmp(
                "FireAct: Toward Language Agent Fine-tuning",
                "Voyager: An Open-Ended Embodied Agent with Large Language Models"
            )
            .names,
            Names::Differ {
                first: "FireAct".into(),
                second: "Voyager".into()
            }
        );
        assert_eq!(
            cmp(
                "Mamba: Linear-Time Sequence Modeling",
                "Transformers are SSMs"
            )
            .names,
            Names::Unknown
        );
    }

    #[test]
    fn field_words_are_not_evidence_of_one_paper() {
        let c = cmp(
            "Large Language Models are Zero-Shot Reasoners",
            "LLM-grounded Video Diffusion Models",
        );
        assert_eq!(c.overlap(), 0.0, "{c:?}");
        // a title of field words only keeps them
        let c = cmp(
            "Video Diffusion Models",
            "Imagen Video: High Definition Video Generation with Diffusion Models",
        );
        assert!(c.overlap() >= 0.5, "{c:?}");
    }

    #[test]
    fn venue_titles_share_most_words() {
        let c = cmp(
            "ViT-Adapter: Exploring Plain Vision Transformer for Accurate Dense Predictions",
            "Vision Transformer Adapter for Dense Predictions",
        );
        assert!(c.overlap() >= 0.8, "{c:?}");
    }

    #[test]
    fn different_papers_share_almost_nothing() {
        let c = cmp(
            "Mamba: Linear-Time Sequence Modeling with Selective State Spaces",
            "Transformers are SSMs: Generalized Models and Efficient Algorithms Through \
             Structured State Space Duality",
        );
        assert!(c.overlap() <= 0.4, "{c:?}");
    }

    #[test]
    fn reads_latin_and_greek_only() {
        assert!(understood_script("Émile's α-Net: Façade Détection"));
        assert!(!understood_script("Llama 3.1论文精读 · 2. 预训练数据"));
        assert!(!understood_script("Трансформеры для всех"));
    }

    #[test]
    fn odd_titles_do_not_panic() {
        for odd in [
            "",
            " ",
            ":",
            "::",
            ": x",
            "x :",
            "(@",
            "(@)",
            "<ins>",
            ", 2023",
            "🔥🔥[",
            "[]",
            "ﬁ ß ǅ Ω",
            "s",
            "ies",
            "a, b, c, d",
            "\\textbf{",
            "$\\alpha$:",
            "x".repeat(2000).as_str(),
        ] {
            let stripped = strip_attachments(odd);
            let c = compare(&TitleWords::new(&stripped), &TitleWords::new(odd));
            assert!((0.0..=1.0).contains(&c.overlap()), "{odd:?}: {c:?}");
            let _ = understood_script(odd);
            let _ = content_words(odd);
        }
    }

    #[test]
    fn singular_forms() {
        assert_eq!(singular("models"), "model");
        assert_eq!(singular("strategies"), "strategy");
        assert_eq!(singular("llms"), "llm");
        assert_eq!(singular("process"), "process");
        assert_eq!(singular("gpt4s"), "gpt4s");
        assert_eq!(singular("is"), "is");
    }
}
