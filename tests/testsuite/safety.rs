//! Safe with the user's files: Insyn empties only folders it made, never
//! writes through a symbolic link, and swaps a new output folder into place
//! so that no reader ever finds it missing.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::util::{insyn, snapshot, Portal, Run};

/// An environment variable given to a run.
type Env<'a> = (&'a str, &'a str);

fn build_into(portal: &Portal, output: &Path, env: &[Env]) -> Run {
    Run::new(
        insyn()
            .args(["build", "--content"])
            .arg(portal.content())
            .arg("--output")
            .arg(output)
            .envs(env.iter().copied())
            .current_dir(portal.root())
            .output()
            .unwrap(),
    )
}

/// The portal's Markdown files, with their bytes.
fn markdown(portal: &Portal) -> Vec<(String, Vec<u8>)> {
    snapshot(&portal.content())
        .into_iter()
        .filter(|(name, _)| name.ends_with(".md"))
        .collect()
}

#[test]
fn a_folder_of_someone_else_s_files_is_refused_twice_and_left_as_it_was() {
    let portal = Portal::from_fixture("base");
    let victim = portal.root().join("victim");
    std::fs::create_dir(&victim).unwrap();
    std::fs::write(victim.join("viktigt.txt"), "inte Insyns").unwrap();
    for _ in 0..2 {
        let run = build_into(&portal, &victim, &[]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "fel: webbplatsen skrivs inte till {}: den innehåller filer som Insyn inte har skrivit (filen .insyn-output saknas)",
                victim.display()
            )),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(
                "= hjälp: ett bygge tömmer sin utmapp: ange en ny eller tom mapp med --output"
            ),
            "{}",
            run.stderr
        );
    }
    assert_eq!(
        snapshot(&victim),
        [("viktigt.txt".to_string(), b"inte Insyns".to_vec())]
    );
    let beside: Vec<_> = std::fs::read_dir(portal.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("insyn"))
        .collect();
    assert!(beside.is_empty(), "nothing made beside it: {beside:?}");

    // An empty folder is taken, and marked as Insyn's from then on.
    let empty = portal.root().join("empty");
    std::fs::create_dir(&empty).unwrap();
    build_into(&portal, &empty, &[]).success();
    build_into(&portal, &empty, &[]).success();
    assert!(empty.join(".insyn-output").is_file());
    assert!(empty.join("index.html").is_file());
}

#[test]
fn the_content_folder_what_holds_it_and_the_home_folder_are_refused() {
    let portal = Portal::from_fixture("base");
    let before = markdown(&portal);
    let home = portal.root().join("home");
    std::fs::create_dir(&home).unwrap();
    let home_env = [("HOME", home.to_str().unwrap())];
    let cases: [(&Path, &str, &[Env]); 4] = [
        (&portal.content(), "den är innehållsmappen", &[]),
        (
            &portal.content().join("meetings/.."),
            "den är innehållsmappen",
            &[],
        ),
        (portal.root(), "den innehåller innehållsmappen", &[]),
        (&home, "den är din hemmapp", &home_env),
    ];
    for (output, why, env) in cases {
        for _ in 0..2 {
            let run = build_into(&portal, output, env);
            assert_eq!(run.code, 1, "{}", run.stderr);
            assert!(
                run.stderr.contains(why),
                "{}: {}",
                output.display(),
                run.stderr
            );
        }
    }
    assert_eq!(
        markdown(&portal),
        before,
        "every Markdown file is still there"
    );
    assert_eq!(std::fs::read_dir(&home).unwrap().count(), 0);
    let run = build_into(&portal, Path::new("/"), &[]);
    assert!(
        run.stderr.contains("den är filsystemets rot"),
        "{}",
        run.stderr
    );

    // The preview refuses them too, before it listens.
    let run = Run::new(
        insyn()
            .args(["serve", "--port", "0", "--content"])
            .arg(portal.content())
            .arg("--output")
            .arg(portal.content())
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("den är innehållsmappen"),
        "{}",
        run.stderr
    );
}

#[test]
fn links_planted_in_the_output_are_never_written_or_pruned_through() {
    let portal = Portal::from_fixture("base");
    portal.build().success();
    let outside = tempfile::tempdir().unwrap();
    let theirs = outside.path().join("theirs.txt");
    std::fs::write(&theirs, "outside").unwrap();
    let folder = outside.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("index.html"), "theirs too").unwrap();
    std::fs::write(folder.join("stale.html"), "not Insyn's to prune").unwrap();

    // A link where a page goes, where a folder of pages goes, and one
    // nothing writes: in the output and in the generation kept beside it.
    let plant = |site: &Path| {
        for link in ["index.html", "sammantraden", "uppladdat"] {
            let path = site.join(link);
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.is_dir() => std::fs::remove_dir_all(&path).unwrap(),
                Ok(_) => std::fs::remove_file(&path).unwrap(),
                Err(_) => {}
            }
        }
        std::os::unix::fs::symlink(&theirs, site.join("index.html")).unwrap();
        std::os::unix::fs::symlink(&folder, site.join("sammantraden")).unwrap();
        std::os::unix::fs::symlink(&folder, site.join("uppladdat")).unwrap();
    };
    plant(&portal.output());
    portal.build().success();
    plant(&portal.root().join(".output.insyn-old"));
    for _ in 0..3 {
        portal.build().success();
    }
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "outside");
    assert_eq!(
        snapshot(&folder),
        [
            ("index.html".to_string(), b"theirs too".to_vec()),
            ("stale.html".to_string(), b"not Insyn's to prune".to_vec()),
        ]
    );
    let fresh = tempfile::tempdir().unwrap();
    build_into(&portal, &fresh.path().join("site"), &[]).success();
    assert_eq!(
        snapshot(&portal.output()),
        snapshot(&fresh.path().join("site"))
    );
}

#[test]
fn a_reader_never_finds_the_output_folder_missing_while_builds_swap_it() {
    let portal = Portal::from_fixture("base");
    portal.build().success();
    let page = portal.output().join("index.html");
    let done = AtomicBool::new(false);
    let (reads, missing) = (AtomicUsize::new(0), AtomicUsize::new(0));
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while !done.load(Ordering::SeqCst) {
                match std::fs::read(&page) {
                    Ok(bytes) if !bytes.is_empty() => {}
                    _ => {
                        missing.fetch_add(1, Ordering::SeqCst);
                    }
                }
                reads.fetch_add(1, Ordering::SeqCst);
            }
        });
        for round in 0..12 {
            // Every other build changes the start page.
            let overlay = if round % 2 == 0 { "english" } else { "base" };
            portal.apply_overlay(overlay);
            portal.build().success();
        }
        done.store(true, Ordering::SeqCst);
    });
    assert!(reads.load(Ordering::SeqCst) > 1000);
    assert_eq!(
        missing.load(Ordering::SeqCst),
        0,
        "reads that found no page"
    );
}

#[test]
fn linked_content_is_read_inside_the_content_folder_and_named_when_it_leads_out() {
    let portal = Portal::from_fixture("base");
    let meetings = portal.content().join("meetings/2020");
    let ks = meetings.join("2020-02-03-ks");
    // A paragraph kept elsewhere in the content folder, linked in.
    let shared = portal.content().join("delade");
    std::fs::create_dir(&shared).unwrap();
    std::fs::write(
        shared.join("002-delad.md"),
        "---\nparagraph: 2\ntitle: \"Delad paragraf\"\ndecision: noted\n---\nText.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(shared.join("002-delad.md"), ks.join("002-delad.md")).unwrap();
    // A paragraph and a meeting that lead out of it.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("003-ute.md"),
        "---\nparagraph: 3\ntitle: \"Utanför\"\ndecision: noted\n---\nHemligt.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path().join("003-ute.md"), ks.join("003-ute.md")).unwrap();
    std::os::unix::fs::symlink(outside.path(), meetings.join("2020-03-02-ks")).unwrap();

    let run = portal.build().success();
    for link in [
        "meetings/2020/2020-02-03-ks/003-ute.md",
        "meetings/2020/2020-03-02-ks",
    ] {
        assert!(
            run.stderr.contains(&format!(
                "varning: den symboliska länken leder ut ur innehållsmappen (eller ingenstans), så det den pekar på publiceras inte\n --> {link}\n"
            )),
            "{link}: {}",
            run.stderr
        );
    }
    assert!(portal
        .read("sammantraden/2020-02-03-ks/p2/index.html")
        .contains("Delad paragraf"));
    assert!(!portal
        .output()
        .join("sammantraden/2020-02-03-ks/p3")
        .exists());
    assert!(!portal.output().join("sammantraden/2020-03-02-ks").exists());
    let everything: String = snapshot(&portal.output())
        .into_iter()
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    assert!(!everything.contains("Hemligt"));
}

#[test]
fn a_much_larger_previous_generation_is_removed_after_the_build_not_before() {
    let portal = Portal::from_fixture("base");
    portal.build().success();
    portal.build().success();
    // The generation kept beside the output, as a far larger portal left it.
    let old = portal.root().join(".output.insyn-old");
    for i in 0..3000 {
        let folder = old.join(format!("arenden/2019-{i}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("index.html"), "<p>gammalt</p>").unwrap();
    }
    portal.build().success();
    let fresh = tempfile::tempdir().unwrap();
    build_into(&portal, &fresh.path().join("site"), &[]).success();
    assert_eq!(
        snapshot(&portal.output()),
        snapshot(&fresh.path().join("site"))
    );
    // Removed by a process of its own, which may outlive the build.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let trash = || -> Vec<String> {
        std::fs::read_dir(portal.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("insyn-trash"))
            .collect()
    };
    while !trash().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(trash(), Vec::<String>::new());
}
