//! The stylesheet works in both directions: only logical properties, never left/right.

#[test]
fn the_stylesheet_uses_logical_properties_only() {
    let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../style/main.css")).unwrap();
    let physical = [
        "margin-left",
        "margin-right",
        "padding-left",
        "padding-right",
        "border-left",
        "border-right",
        "text-align: left",
        "text-align: right",
        "float: left",
        "float: right",
    ];
    let mut offences = vec![];
    for (n, line) in css.lines().enumerate() {
        let l = line.split("/*").next().unwrap_or("").trim();
        if physical.iter().any(|p| l.contains(p)) || ((l.starts_with("left:") || l.starts_with("right:")) && !l.starts_with("left-")) {
            offences.push(format!("style/main.css:{}: {l}", n + 1));
        }
    }
    assert!(offences.is_empty(), "physical directions in CSS:\n{}", offences.join("\n"));
    assert!(css.contains("margin-inline") || css.contains("padding-inline"), "logical properties are used");
    assert!(!css.contains("http://") && !css.contains("https://"), "no font or asset CDN");
}
