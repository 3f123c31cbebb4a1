//! Local stand-ins for the outside services, for tests: an axum router served on 127.0.0.1:0.

use std::net::SocketAddr;

use url::Url;

pub(crate) struct StandIn {
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl StandIn {
    pub async fn start(router: axum::Router) -> StandIn {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind stand-in");
        let addr = listener.local_addr().expect("stand-in address");
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.expect("stand-in server");
        });
        StandIn { addr, task }
    }

    pub fn url(&self, path: &str) -> Url {
        Url::parse(&format!("http://{}{}", self.addr, path)).expect("stand-in URL")
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}
