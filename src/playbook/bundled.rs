//! The bundled playbooks, embedded at build time. A test checks every file in `bundled/` is
//! listed here, so a new playbook cannot be forgotten.

/// `(file name, contents)`, sorted by file name.
pub const FILES: &[(&str, &str)] = &[
    ("age.json", include_str!("bundled/age.json")),
    ("alibaba.json", include_str!("bundled/alibaba.json")),
    ("anthropic.json", include_str!("bundled/anthropic.json")),
    ("atlassian.json", include_str!("bundled/atlassian.json")),
    ("aws.json", include_str!("bundled/aws.json")),
    (
        "azure-devops.json",
        include_str!("bundled/azure-devops.json"),
    ),
    (
        "azure-openai.json",
        include_str!("bundled/azure-openai.json"),
    ),
    ("azure.json", include_str!("bundled/azure.json")),
    ("bitbucket.json", include_str!("bundled/bitbucket.json")),
    ("buildkite.json", include_str!("bundled/buildkite.json")),
    ("chiefapp.json", include_str!("bundled/chiefapp.json")),
    ("circleci.json", include_str!("bundled/circleci.json")),
    ("cloudflare.json", include_str!("bundled/cloudflare.json")),
    ("cloudsight.json", include_str!("bundled/cloudsight.json")),
    (
        "crypto-wallet.json",
        include_str!("bundled/crypto-wallet.json"),
    ),
    ("customerio.json", include_str!("bundled/customerio.json")),
    ("database.json", include_str!("bundled/database.json")),
    ("databricks.json", include_str!("bundled/databricks.json")),
    ("datadog.json", include_str!("bundled/datadog.json")),
    ("deepseek.json", include_str!("bundled/deepseek.json")),
    (
        "digitalocean.json",
        include_str!("bundled/digitalocean.json"),
    ),
    ("discord.json", include_str!("bundled/discord.json")),
    ("dockerhub.json", include_str!("bundled/dockerhub.json")),
    ("doppler.json", include_str!("bundled/doppler.json")),
    (
        "framework-secret.json",
        include_str!("bundled/framework-secret.json"),
    ),
    ("freshchat.json", include_str!("bundled/freshchat.json")),
    ("gcp.json", include_str!("bundled/gcp.json")),
    ("generic.json", include_str!("bundled/generic.json")),
    ("github.json", include_str!("bundled/github.json")),
    ("gitlab.json", include_str!("bundled/gitlab.json")),
    (
        "google-oauth.json",
        include_str!("bundled/google-oauth.json"),
    ),
    ("grafana.json", include_str!("bundled/grafana.json")),
    ("groq.json", include_str!("bundled/groq.json")),
    ("heroku.json", include_str!("bundled/heroku.json")),
    ("huggingface.json", include_str!("bundled/huggingface.json")),
    ("jfrog.json", include_str!("bundled/jfrog.json")),
    ("jwt.json", include_str!("bundled/jwt.json")),
    ("kubernetes.json", include_str!("bundled/kubernetes.json")),
    ("linear.json", include_str!("bundled/linear.json")),
    ("mailchimp.json", include_str!("bundled/mailchimp.json")),
    ("mailgun.json", include_str!("bundled/mailgun.json")),
    ("mapbox.json", include_str!("bundled/mapbox.json")),
    ("messagebird.json", include_str!("bundled/messagebird.json")),
    ("meta.json", include_str!("bundled/meta.json")),
    (
        "microsoft-teams.json",
        include_str!("bundled/microsoft-teams.json"),
    ),
    ("mistral.json", include_str!("bundled/mistral.json")),
    ("newrelic.json", include_str!("bundled/newrelic.json")),
    ("npm.json", include_str!("bundled/npm.json")),
    ("openai.json", include_str!("bundled/openai.json")),
    ("openrouter.json", include_str!("bundled/openrouter.json")),
    ("paypal.json", include_str!("bundled/paypal.json")),
    ("postman.json", include_str!("bundled/postman.json")),
    ("private-key.json", include_str!("bundled/private-key.json")),
    ("pypi.json", include_str!("bundled/pypi.json")),
    ("sendgrid.json", include_str!("bundled/sendgrid.json")),
    ("sentry.json", include_str!("bundled/sentry.json")),
    ("shopify.json", include_str!("bundled/shopify.json")),
    ("slack.json", include_str!("bundled/slack.json")),
    ("smtp.json", include_str!("bundled/smtp.json")),
    ("square.json", include_str!("bundled/square.json")),
    ("stripe.json", include_str!("bundled/stripe.json")),
    ("supabase.json", include_str!("bundled/supabase.json")),
    ("telegram.json", include_str!("bundled/telegram.json")),
    ("tencent.json", include_str!("bundled/tencent.json")),
    ("terraform.json", include_str!("bundled/terraform.json")),
    ("twilio.json", include_str!("bundled/twilio.json")),
    ("vault.json", include_str!("bundled/vault.json")),
    ("x-twitter.json", include_str!("bundled/x-twitter.json")),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_playbook_lists_its_sources() {
        for (name, text) in FILES {
            let v: serde_json::Value = serde_json::from_str(text).unwrap();
            let links = v["links"].as_array().map_or(0, Vec::len);
            assert!(links > 0, "{name}: no source in `links`");
            for l in v["links"].as_array().into_iter().flatten() {
                assert!(
                    l.as_str().is_some_and(|u| u.starts_with("https://")),
                    "{name}: {l} is not an https address"
                );
            }
        }
    }

    #[test]
    fn every_checklist_decides_first_records_evidence_and_proves_the_key_dead_last() {
        for (name, text) in FILES {
            let v: serde_json::Value = serde_json::from_str(text).unwrap();
            let steps = v["checklist"].as_array().unwrap();
            let ids: Vec<&str> = steps.iter().filter_map(|s| s["id"].as_str()).collect();
            assert_eq!(ids.first(), Some(&"decide-order"), "{name}");
            assert_eq!(ids.get(1), Some(&"record-evidence"), "{name}");
            assert_eq!(ids.last(), Some(&"prove-dead"), "{name}");
            let proof = steps.last().unwrap()["detail"].as_str().unwrap();
            // A request with the old key takes it from the environment, never the command line.
            if proof.contains("curl") {
                assert!(
                    proof.contains("$LEAKED") && proof.contains("read -rs"),
                    "{name}: {proof}"
                );
            }
            assert!(
                proof.contains("refused") || proof.contains("fail") || proof.contains("401"),
                "{name}: the proof says what refusal to expect"
            );
        }
    }

    #[test]
    fn every_file_in_the_folder_is_listed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/playbook/bundled");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let listed: Vec<String> = FILES.iter().map(|(f, _)| (*f).to_owned()).collect();
        assert_eq!(on_disk, listed);
    }
}
