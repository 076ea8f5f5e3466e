use std::time::Instant;
use yuelan::annotate::*;
use yuelan::model::Format;
use yuelan::parse::parse;
fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_default();
    let text = std::fs::read_to_string(&path)?;
    let res = Resources::load()?;
    for _ in 0..4 {
        let t = Instant::now();
        let doc = parse(text.clone(), Format::Plain);
        let tp = t.elapsed();
        let t = Instant::now();
        let tokens = tokens::tokenize(&doc.text, &res);
        let tt = t.elapsed();
        let dates = std::sync::OnceLock::new();
        let ctx = Context {
            doc: &doc,
            res: &res,
            tokens: &tokens,
            annotations: &[],
            dates: &dates,
        };
        let t = Instant::now();
        let ents = entities::annotate(&ctx);
        let te = t.elapsed();
        let t = Instant::now();
        let kw = keywords::extract(&ctx);
        let tk = t.elapsed();
        let ctx = Context {
            annotations: &ents,
            ..ctx
        };
        let t = Instant::now();
        let q = quantities::annotate(&ctx);
        let tq = t.elapsed();
        let t = Instant::now();
        let ti = time::annotate(&ctx);
        let tti = t.elapsed();
        let t = Instant::now();
        let qu = quotes::annotate(&ctx);
        let tqu = t.elapsed();
        let t = Instant::now();
        let g = glossary::annotate(&ctx);
        let tg = t.elapsed();
        let t = Instant::now();
        let d = duplicates::annotate(&ctx);
        let td = t.elapsed();
        let t = Instant::now();
        let n = q.len() + ti.len() + qu.len() + g.len() + d.len() + kw.document.len();
        drop((q, ti, qu, g, d, kw, ents, tokens));
        let tdrop = t.elapsed();
        let t = Instant::now();
        let full = annotate(doc, &res);
        let tfull = t.elapsed();
        let t = Instant::now();
        drop(full);
        let tfd = t.elapsed();
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        println!(
            "parse {:.0} tok {:.0} ent {:.0} kw {:.0} qty {:.0} time {:.0} quo {:.0} glo {:.0} dup {:.0} drop {:.0} | full annotate {:.0} drop {:.0} [{n}]",
            ms(tp),
            ms(tt),
            ms(te),
            ms(tk),
            ms(tq),
            ms(tti),
            ms(tqu),
            ms(tg),
            ms(td),
            ms(tdrop),
            ms(tfull),
            ms(tfd)
        );
    }
    Ok(())
}
