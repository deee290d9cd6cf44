//! Calibration: every target of MODEL.md §4, checked through the model.
//! One module per preset; each test names the seed figure it reproduces.

mod support;

mod chat_k8s;
mod erpnext_agents;
mod kg_agents_3vps;
mod mgx_platform;
mod social_mvp_vps;
