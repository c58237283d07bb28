//! Detector id → provider (playbook) id, for every tool.
//!
//! Tools name one provider many ways: gitleaks `messagebird-api-token`, trufflehog `MessageBird`,
//! GitGuardian `MessageBird API Key`, kingfisher `kingfisher.messagebird.1`, Nosey Parker
//! `np.github.1`, secretlint `@secretlint/secretlint-rule-github`, GitHub `github_personal_access_token`.
//! A name is folded to lowercase letters and digits (`messagebirdapitoken`), then looked up:
//! first as an exact id, then by the provider's distinctive keywords. The first row that matches
//! wins, so narrower rows come before broader ones.

/// One provider: its playbook id, exact folded ids, and keywords found inside folded ids.
pub struct Provider {
    pub id: &'static str,
    pub exact: &'static [&'static str],
    pub keywords: &'static [&'static str],
}

/// Every provider leakdesk knows. The seed providers come first.
pub const PROVIDERS: &[Provider] = &[
    p("customerio", &[], &["customerio", "customerdotio"]),
    p(
        "chiefapp",
        &["chiefappkey"],
        &["chiefapp", "chieftools", "chieftoken"],
    ),
    p("cloudsight", &[], &["cloudsight"]),
    p("messagebird", &[], &["messagebird"]),
    p("freshchat", &[], &["freshchat", "freshdeskmessaging"]),
    p("aws", &["akia"], &["aws", "amazon"]),
    p("github", &["ghp", "gho", "ghs", "ghu", "ghr"], &["github"]),
    p("gitlab", &[], &["gitlab"]),
    p("slack", &[], &["slack"]),
    p("stripe", &[], &["stripe"]),
    // Before gcp: its keyword `google` would take these.
    p("google-oauth", &[], &["gocspx", "googleoauth", "gcpoauth"]),
    p(
        "gcp",
        &["gcp", "gcpapikey"],
        &["google", "gcpserviceaccount", "gcloud", "firebase"],
    ),
    // Before azure (and openai): its keyword would take these.
    p(
        "azure-openai",
        &[],
        &[
            "azureopenai",
            "openaiazure",
            "azureaiservices",
            "cognitiveservices",
        ],
    ),
    p("azure-devops", &[], &["azuredevops", "vsts", "devopspat"]),
    p("azure", &[], &["azure", "entraid", "microsoftentra"]),
    p("twilio", &[], &["twilio"]),
    p("sendgrid", &[], &["sendgrid"]),
    p("mailgun", &[], &["mailgun"]),
    p("mailchimp", &[], &["mailchimp"]),
    p(
        "npm",
        &["npm", "npmtokens", "npmaccesstoken"],
        &["npmtoken", "npmaccess", "npmauth", "npmjs"],
    ),
    p("pypi", &[], &["pypi"]),
    p("dockerhub", &[], &["dockerhub", "dockerpat", "dckrpat"]),
    p("heroku", &[], &["heroku"]),
    p("digitalocean", &[], &["digitalocean"]),
    p("shopify", &[], &["shopify"]),
    p(
        "square",
        &[],
        &["squareaccess", "squareoauth", "squareapp", "squareup"],
    ),
    p("openrouter", &[], &["openrouter"]),
    p("alibaba", &[], &["alibaba", "aliyun", "alicloud"]),
    p("tencent", &[], &["tencent", "qcloud"]),
    p("supabase", &[], &["supabase"]),
    p("paypal", &[], &["paypal", "braintree"]),
    p("kubernetes", &[], &["kubernetes", "kubeconfig", "k8s"]),
    p(
        "framework-secret",
        &[],
        &["laravel", "djangosecret", "secretkeybase", "railsmaster"],
    ),
    p("smtp", &[], &["smtp", "mailbox", "imap"]),
    p("deepseek", &[], &["deepseek"]),
    p("mistral", &[], &["mistral"]),
    p(
        "meta",
        &[],
        &["facebook", "instagram", "whatsapp", "metaaccess"],
    ),
    p("x-twitter", &[], &["twitter", "xbearer", "xapi"]),
    p("jfrog", &[], &["jfrog", "artifactory"]),
    p("cloudflare", &[], &["cloudflare"]),
    p(
        "crypto-wallet",
        &[],
        &[
            "mnemonic",
            "seedphrase",
            "bip39",
            "ethereumprivate",
            "bitcoinprivate",
            "walletprivate",
            "cryptowallet",
        ],
    ),
    p("circleci", &[], &["circleci"]),
    p("buildkite", &[], &["buildkite"]),
    p("bitbucket", &[], &["bitbucket"]),
    p("openai", &[], &["openai"]),
    p("groq", &[], &["groq"]),
    p("mapbox", &[], &["mapbox"]),
    p("anthropic", &[], &["anthropic"]),
    p("huggingface", &[], &["huggingface"]),
    p("terraform", &[], &["terraform", "hashicorptf", "atlasv1"]),
    p(
        "vault",
        &[],
        &["hashicorpvault", "vaultservice", "vaultbatch", "vaulttoken"],
    ),
    p("datadog", &[], &["datadog"]),
    p("telegram", &[], &["telegram"]),
    p("discord", &[], &["discord"]),
    p("postman", &[], &["postman"]),
    p("doppler", &[], &["doppler"]),
    p("databricks", &[], &["databricks"]),
    p("age", &["agesecretkey", "agesecretkey1"], &["ageidentity"]),
    p("linear", &[], &["linearapi"]),
    p("grafana", &[], &["grafana"]),
    p("newrelic", &[], &["newrelic"]),
    p("sentry", &[], &["sentry"]),
    p(
        "atlassian",
        &[],
        &["atlassian", "jira", "confluence", "bitbucket"],
    ),
    p(
        "microsoft-teams",
        &[],
        &["microsoftteams", "teamswebhook", "msteams"],
    ),
    p(
        "database",
        &[],
        &[
            "postgres",
            "mysql",
            "mongodb",
            "mongo",
            "redis",
            "jdbc",
            "mssql",
            "sqlserver",
            "connectionstring",
        ],
    ),
    p(
        "private-key",
        &["rsapk", "pem", "privatekey", "rsaprivatekey", "sshkey"],
        &[
            "privatekey",
            "pkcs8",
            "rsakey",
            "opensshprivate",
            "pgpprivate",
            "ecprivate",
        ],
    ),
    p("jwt", &[], &["jwt", "jsonwebtoken"]),
];

const fn p(
    id: &'static str,
    exact: &'static [&'static str],
    keywords: &'static [&'static str],
) -> Provider {
    Provider {
        id,
        exact,
        keywords,
    }
}

/// The provider id for a detector id or name, if any row claims it.
pub fn lookup(detector: &str) -> Option<&'static str> {
    let folded = fold(detector);
    if folded.is_empty() {
        return None;
    }
    PROVIDERS
        .iter()
        .find(|p| p.exact.contains(&folded.as_str()))
        .or_else(|| {
            PROVIDERS
                .iter()
                .find(|p| p.keywords.iter().any(|k| folded.contains(k)))
        })
        .map(|p| p.id)
}

/// Lowercase ASCII letters and digits only; tool prefixes and rule numbers removed, so that
/// `np.aws.1`, `kingfisher.aws.2` and `betterleaks.aws-access-token` all fold to their core.
fn fold(detector: &str) -> String {
    let lower = detector.to_ascii_lowercase();
    let mut core = lower.as_str();
    for prefix in [
        "@secretlint/secretlint-rule-",
        "kingfisher.",
        "betterleaks.",
        "veles.",
        "np.",
    ] {
        core = core.strip_prefix(prefix).unwrap_or(core);
    }
    // A trailing `.N` is a rule number, not part of the name.
    if let Some((head, tail)) = core.rsplit_once('.')
        && !tail.is_empty()
        && tail.bytes().all(|b| b.is_ascii_digit())
    {
        core = head;
    }
    core.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// Providers named for a token's format rather than its issuer: another tool's more specific
/// provider wins when findings merge.
pub fn is_format_only(id: &str) -> bool {
    matches!(id, "jwt" | "private-key" | "database")
}

/// Every provider id the table can produce (the playbooks must cover them all).
pub fn all_ids() -> impl Iterator<Item = &'static str> {
    PROVIDERS.iter().map(|p| p.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tool_naming_of_the_seed_providers() {
        let cases = [
            // Customer.io
            ("CustomerIO", "customerio"),
            ("Customer.io App Keys", "customerio"),
            ("Customer.io Track Keys", "customerio"),
            ("kingfisher.customerio.3", "customerio"),
            // Chief App
            ("Chief App Key", "chiefapp"),
            ("chief_app_key", "chiefapp"),
            // CloudSight
            ("kingfisher.cloudsight.1", "cloudsight"),
            ("CloudsightKey", "cloudsight"),
            ("CloudSight Key", "cloudsight"),
            // MessageBird
            ("messagebird-api-token", "messagebird"),
            ("messagebird-client-id", "messagebird"),
            ("MessageBird", "messagebird"),
            ("MessageBird API Key", "messagebird"),
            ("kingfisher.messagebird.2", "messagebird"),
            // Freshchat
            ("Freshdesk Messaging Token", "freshchat"),
            ("freshdesk_messaging_token", "freshchat"),
            ("freshchat-api-token", "freshchat"),
        ];
        for (detector, want) in cases {
            assert_eq!(lookup(detector), Some(want), "{detector}");
        }
    }

    #[test]
    fn common_providers_across_tools() {
        let cases = [
            ("aws-access-token", "aws"),
            ("AWS", "aws"),
            ("np.aws.6", "aws"),
            ("AWS Access Key", "aws"),
            ("AWSSecretAccessKey", "aws"),
            ("@secretlint/secretlint-rule-aws", "aws"),
            ("betterleaks.aws-access-token", "aws"),
            ("github-pat", "github"),
            ("Github", "github"),
            ("np.github.1", "github"),
            ("GitHub Token", "github"),
            ("github_personal_access_token", "github"),
            ("kingfisher.github.1", "github"),
            ("gitlab-pat", "gitlab"),
            ("slack-bot-token", "slack"),
            ("Slack Token", "slack"),
            ("SlackWebhook", "slack"),
            ("stripe-access-token", "stripe"),
            ("Stripe Access Key", "stripe"),
            ("gcp-api-key", "gcp"),
            ("Google API Key", "gcp"),
            ("GCP", "gcp"),
            ("azure-ad-client-secret", "azure"),
            ("Azure Storage Account Key", "azure"),
            ("kingfisher.azureopenai.1", "azure-openai"),
            ("AzureOpenAI", "azure-openai"),
            ("Azure OpenAI API Key", "azure-openai"),
            ("kingfisher.azure.devops.1", "azure-devops"),
            ("openai-api-key", "openai"),
            ("facebook-page-access-token", "meta"),
            ("twitter-bearer-token", "x-twitter"),
            ("artifactory-reference-token", "jfrog"),
            ("jfrog-api-key", "jfrog"),
            ("twilio-api-key", "twilio"),
            ("Twilio API Key", "twilio"),
            ("sendgrid-api-token", "sendgrid"),
            ("npm-access-token", "npm"),
            ("NPM tokens", "npm"),
            ("pypi-upload-token", "pypi"),
            ("openai-api-key", "openai"),
            ("OpenAI", "openai"),
            ("anthropic-api-key", "anthropic"),
            ("private-key", "private-key"),
            ("PrivateKey", "private-key"),
            ("Private Key", "private-key"),
            ("RSA-PK", "private-key"),
            ("np.pem.1", "private-key"),
            ("RSA private key", "private-key"),
            ("jwt", "jwt"),
            ("JSON Web Token", "jwt"),
            ("PostgreSQL Credentials", "database"),
            ("MongoDB", "database"),
            ("heroku-api-key", "heroku"),
            ("hashicorp-tf-api-token", "terraform"),
            ("vault-service-token", "vault"),
            ("age-secret-key", "age"),
            ("linear-api-key", "linear"),
            ("microsoft-teams-webhook", "microsoft-teams"),
            ("new-relic-user-api-key", "newrelic"),
            ("atlassian-api-token", "atlassian"),
            ("np.dockerhub.1", "dockerhub"),
            // A framework's signing key has its own playbook now (it was generic).
            ("Django Secret Key", "framework-secret"),
            ("laravel-app-key", "framework-secret"),
            ("braintree-access-token", "paypal"),
        ];
        for (detector, want) in cases {
            assert_eq!(lookup(detector), Some(want), "{detector}");
        }
    }

    #[test]
    fn generic_rules_have_no_provider() {
        for detector in [
            "generic-api-key",
            "Generic API Key",
            "Secret Keyword",
            "Hex High Entropy String",
            "Base64 High Entropy String",
            "test-rule",
            "Generic High Entropy Secret",
            "URI",
            "storage-message",
            "",
        ] {
            assert_eq!(lookup(detector), None, "{detector}");
        }
    }
}
