//! The static hosts a portal may name in site.yaml (`hosting:`), their
//! published limits on a site's files and bytes, and the check of a built
//! output against them. The figures are the hosts' own (late 2026); a host
//! with no limit on something checks nothing there.

use crate::content::settings::Language;

/// A static host (or plan) whose limits the build knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    GithubPages,
    GitlabPages,
    CloudflarePages,
    CloudflarePagesPaid,
    Netlify,
    AzureStaticWebApps,
    AzureStaticWebAppsStandard,
    /// A web server of one's own (nginx, Apache, S3 behind a CDN…): no
    /// limits.
    OwnServer,
}

/// What a host takes at most; `None` where it sets no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Files in the whole site.
    pub files: Option<u64>,
    /// Bytes of the whole site.
    pub bytes: Option<u64>,
    /// Bytes of any one file.
    pub file_bytes: Option<u64>,
}

const MB: u64 = 1_000_000;
const MIB: u64 = 1024 * 1024;

impl Host {
    /// Every host, as site.yaml names it.
    pub const ALL: [(Host, &'static str); 8] = [
        (Host::GithubPages, "github-pages"),
        (Host::GitlabPages, "gitlab-pages"),
        (Host::CloudflarePages, "cloudflare-pages"),
        (Host::CloudflarePagesPaid, "cloudflare-pages-paid"),
        (Host::Netlify, "netlify"),
        (Host::AzureStaticWebApps, "azure-static-web-apps"),
        (
            Host::AzureStaticWebAppsStandard,
            "azure-static-web-apps-standard",
        ),
        (Host::OwnServer, "own-server"),
    ];

    /// The names site.yaml may give.
    pub const KEYS: [&'static str; 8] = {
        let mut keys = [""; 8];
        let mut i = 0;
        while i < 8 {
            keys[i] = Host::ALL[i].1;
            i += 1;
        }
        keys
    };

    pub fn from_key(key: &str) -> Option<Host> {
        Host::ALL.iter().find(|(_, k)| *k == key).map(|(h, _)| *h)
    }

    /// Its name as people write it.
    pub fn name(self, language: Language) -> &'static str {
        let sv = language == Language::Sv;
        match self {
            Host::GithubPages => "GitHub Pages",
            Host::GitlabPages => "GitLab Pages (gitlab.com)",
            Host::CloudflarePages => "Cloudflare Pages (Free)",
            Host::CloudflarePagesPaid if sv => "Cloudflare Pages (betald plan)",
            Host::CloudflarePagesPaid => "Cloudflare Pages (paid plan)",
            Host::Netlify => "Netlify",
            Host::AzureStaticWebApps => "Azure Static Web Apps (Free)",
            Host::AzureStaticWebAppsStandard => "Azure Static Web Apps (Standard)",
            Host::OwnServer if sv => "egen webbserver",
            Host::OwnServer => "own web server",
        }
    }

    pub fn limits(self) -> Limits {
        let limits = |files, bytes, file_bytes| Limits {
            files,
            bytes,
            file_bytes,
        };
        match self {
            Host::GithubPages => limits(None, Some(1000 * MB), Some(100 * MB)),
            Host::GitlabPages => limits(Some(200_000), Some(1000 * MB), None),
            Host::CloudflarePages => limits(Some(20_000), None, Some(25 * MIB)),
            Host::CloudflarePagesPaid => limits(Some(100_000), None, Some(25 * MIB)),
            Host::AzureStaticWebApps => limits(None, Some(250 * MB), None),
            Host::AzureStaticWebAppsStandard => limits(None, Some(500 * MB), None),
            Host::Netlify | Host::OwnServer => limits(None, None, None),
        }
    }
}

/// What a built output holds: its files, their bytes, and its largest
/// file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Size {
    pub files: u64,
    pub bytes: u64,
    pub largest: Option<(String, u64)>,
}

/// A limit the output passes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Over {
    Files {
        files: u64,
        limit: u64,
    },
    Bytes {
        bytes: u64,
        limit: u64,
    },
    File {
        file: String,
        bytes: u64,
        limit: u64,
    },
}

/// The limits of `host` that an output of this size passes.
pub fn check(host: Host, size: &Size) -> Vec<Over> {
    let limits = host.limits();
    let mut over = Vec::new();
    if let Some(limit) = limits.files.filter(|l| size.files > *l) {
        over.push(Over::Files {
            files: size.files,
            limit,
        });
    }
    if let Some(limit) = limits.bytes.filter(|l| size.bytes > *l) {
        over.push(Over::Bytes {
            bytes: size.bytes,
            limit,
        });
    }
    if let (Some(limit), Some((file, bytes))) = (limits.file_bytes, &size.largest) {
        if *bytes > limit {
            over.push(Over::File {
                file: file.clone(),
                bytes: *bytes,
                limit,
            });
        }
    }
    over
}

/// A count in groups of thousands, split by spaces: `91 035`.
pub fn count_text(n: u64) -> String {
    crate::i18n::group_digits(&n.to_string(), ' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_host_is_named_once_and_read_back() {
        for (host, key) in Host::ALL {
            assert_eq!(Host::from_key(key), Some(host));
        }
        assert_eq!(Host::KEYS.len(), Host::ALL.len());
        assert_eq!(Host::from_key("github"), None);
    }

    #[test]
    fn an_output_over_a_hosts_limits_is_told_each_limit_it_passes() {
        let size = Size {
            files: 20_001,
            bytes: 1_200 * MB,
            largest: Some(("data/beslut.csv".into(), 30 * MIB)),
        };
        assert_eq!(
            check(Host::CloudflarePages, &size),
            [
                Over::Files {
                    files: 20_001,
                    limit: 20_000
                },
                Over::File {
                    file: "data/beslut.csv".into(),
                    bytes: 30 * MIB,
                    limit: 25 * MIB
                }
            ]
        );
        assert_eq!(
            check(Host::GithubPages, &size),
            [Over::Bytes {
                bytes: 1_200 * MB,
                limit: 1000 * MB
            }]
        );
        assert!(check(Host::OwnServer, &size).is_empty());
        let small = Size {
            files: 19_999,
            bytes: 10 * MB,
            largest: None,
        };
        assert!(check(Host::CloudflarePages, &small).is_empty());
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        use crate::content::settings::Language::{En, Sv};
        use crate::i18n::size_text;
        assert_eq!(size_text(802_400_000, Sv), "802 MB");
        assert_eq!(size_text(1_240_000_000, Sv), "1,2 GB");
        assert_eq!(size_text(1_240_000_000, En), "1.2 GB");
        assert_eq!(size_text(640_000, Sv), "640 kB");
        assert_eq!(count_text(91_035), "91 035");
        assert_eq!(count_text(1_000_000), "1 000 000");
        assert_eq!(count_text(999), "999");
    }
}
