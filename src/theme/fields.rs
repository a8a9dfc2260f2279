//! What a template can print of its context, read from its syntax tree,
//! so that the preview need not render a page again when only a value its
//! template never prints changed ([`crate::render::reads`]). The answer
//! errs one way only: any use of a value that is not followed here counts
//! as printing it.

use std::collections::BTreeSet;

use tera::ast::{Expr, ExprVal, Node};

/// May templates with these syntax trees (a template and those it names)
/// print the field `field` of an item of the context's list `list`
/// (`years[].meetings`)? They cannot only when every use of `list` is the
/// loop `{% for y in list %}`, with no filter, every use of such a `y` is
/// `y.<another field>`, and none prints the whole context
/// (`__tera_context`).
pub fn may_print_item_field(trees: &[&[Node]], list: &str, field: &str) -> bool {
    let mut items = BTreeSet::new();
    for tree in trees {
        loops_over(tree, list, &mut items);
    }
    let uses = Uses { list, field, items };
    trees.iter().any(|tree| uses.in_nodes(tree))
}

/// The names of the loop variables that take the items of `list`, in
/// these nodes and those inside them.
fn loops_over<'a>(nodes: &'a [Node], list: &str, items: &mut BTreeSet<&'a str>) {
    for node in nodes {
        for inner in inner_nodes(node) {
            loops_over(inner, list, items);
        }
        if let Node::Forloop(_, l, _) = node {
            if is_plain(&l.container, list) {
                items.insert(&l.value);
            }
        }
    }
}

/// Is the expression `list` itself, with no filter?
fn is_plain(expr: &Expr, list: &str) -> bool {
    matches!(&expr.val, ExprVal::Ident(name) if name == list)
        && expr.filters.is_empty()
        && !expr.negated
}

/// The node lists inside a node: a block's, a loop's, a condition's
/// branches, a macro's, a filter section's.
fn inner_nodes(node: &Node) -> Vec<&[Node]> {
    match node {
        Node::Block(_, b, _) => vec![&b.body],
        Node::Forloop(_, l, _) => {
            let empty = l.empty_body.as_deref();
            std::iter::once(&l.body[..]).chain(empty).collect()
        }
        Node::If(i, _) => {
            let branches = i.conditions.iter().map(|(_, _, body)| &body[..]);
            let otherwise = i.otherwise.iter().map(|(_, body)| &body[..]);
            branches.chain(otherwise).collect()
        }
        Node::MacroDefinition(_, m, _) => vec![&m.body],
        Node::FilterSection(_, f, _) => vec![&f.body],
        _ => Vec::new(),
    }
}

/// What may print the field: the list, its field, and the loop variables
/// that take its items.
struct Uses<'a> {
    list: &'a str,
    field: &'a str,
    items: BTreeSet<&'a str>,
}

impl Uses<'_> {
    fn in_nodes(&self, nodes: &[Node]) -> bool {
        nodes.iter().any(|node| self.in_node(node))
    }

    fn in_node(&self, node: &Node) -> bool {
        let own = match node {
            Node::VariableBlock(_, e) => self.in_expr(e),
            Node::Set(_, s) => self.in_expr(&s.value),
            Node::Forloop(_, l, _) => {
                !is_plain(&l.container, self.list) && self.in_expr(&l.container)
            }
            Node::If(i, _) => i.conditions.iter().any(|(_, e, _)| self.in_expr(e)),
            Node::MacroDefinition(_, m, _) => m.args.values().flatten().any(|e| self.in_expr(e)),
            Node::FilterSection(_, f, _) => f.filter.args.values().any(|e| self.in_expr(e)),
            _ => false,
        };
        own || inner_nodes(node).into_iter().any(|n| self.in_nodes(n))
    }

    fn in_expr(&self, expr: &Expr) -> bool {
        self.in_value(&expr.val)
            || (expr.filters.iter()).any(|f| f.args.values().any(|e| self.in_expr(e)))
    }

    fn in_value(&self, val: &ExprVal) -> bool {
        match val {
            ExprVal::Ident(path) => self.in_path(path),
            ExprVal::Test(t) => self.in_path(&t.ident) || t.args.iter().any(|e| self.in_expr(e)),
            ExprVal::Math(m) => self.in_expr(&m.lhs) || self.in_expr(&m.rhs),
            ExprVal::Logic(l) => self.in_expr(&l.lhs) || self.in_expr(&l.rhs),
            ExprVal::In(i) => self.in_expr(&i.lhs) || self.in_expr(&i.rhs),
            ExprVal::MacroCall(c) => c.args.values().any(|e| self.in_expr(e)),
            ExprVal::FunctionCall(f) => f.args.values().any(|e| self.in_expr(e)),
            ExprVal::Array(items) => items.iter().any(|e| self.in_expr(e)),
            ExprVal::StringConcat(s) => s.values.iter().any(|v| self.in_value(v)),
            ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => false,
        }
    }

    /// A variable's path (`y.url`, `years[0]`): the list in any form, a
    /// loop variable's item whole or its field, or the whole context.
    fn in_path(&self, path: &str) -> bool {
        if path.contains("__tera_context") {
            return true;
        }
        let head_end = path.find(['.', '[']).unwrap_or(path.len());
        let (head, rest) = path.split_at(head_end);
        if head == self.list {
            return true;
        }
        if !self.items.contains(head) {
            return false;
        }
        let other_field = rest.strip_prefix('.').filter(|name| {
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && *name != self.field
        });
        other_field.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn may_print(templates: &[&str]) -> bool {
        let parsed: Vec<tera::Template> = (templates.iter().enumerate())
            .map(|(i, source)| tera::Template::new(&format!("t{i}"), None, source).unwrap())
            .collect();
        let trees: Vec<&[Node]> = parsed.iter().map(|t| &t.ast[..]).collect();
        may_print_item_field(&trees, "years", "meetings")
    }

    #[test]
    fn links_to_the_years_do_not_print_their_counts() {
        let links = r#"{% for y in years %}<a href="{{ root }}{{ y.url }}">{{ y.year }}</a>{% if y.year == year %}*{% endif %}{% endfor %}"#;
        assert!(!may_print(&[links]));
        // Another list's field of the same name is not the years'.
        let groups =
            "{% for g in groups %}{% for m in g.meetings %}{{ m.title }}{% endfor %}{% endfor %}";
        assert!(!may_print(&[links, groups]));
    }

    #[test]
    fn every_other_use_of_the_years_may_print_their_counts() {
        for template in [
            "{% for y in years %}{{ y.meetings }}{% endfor %}",
            "{% for y in years %}{% if y.meetings > 1 %}x{% endif %}{% endfor %}",
            "{% for y in years %}{{ y | json_encode }}{% endfor %}",
            "{% for y in years %}{{ y[\"meetings\"] }}{% endfor %}",
            "{% for y in years %}{{ m::year(y=y) }}{% endfor %}",
            "{% for y in years %}{% set z = y %}{% endfor %}",
            "{% for y in years | reverse %}{{ y.year }}{% endfor %}",
            "{% for k, v in years.0 %}{{ v }}{% endfor %}",
            "{{ years | json_encode }}",
            "{{ years.0.meetings }}",
            "{{ m::nav(list=years) }}",
            "{{ __tera_context }}",
            "{% block nav %}{% for y in years %}{{ y.meetings }}{% endfor %}{% endblock %}",
            "{% macro nav(y) %}{% endmacro %}{% for y in years %}{% filter upper %}{{ y.meetings }}{% endfilter %}{% endfor %}",
        ] {
            assert!(may_print(&[template]), "{template}");
        }
        // In another template of the chain (a macro or a parent).
        let elsewhere = "{% for y in years %}{{ y.meetings }}{% endfor %}";
        assert!(may_print(&[
            "{% for y in years %}{{ y.url }}{% endfor %}",
            elsewhere
        ]));
    }
}
