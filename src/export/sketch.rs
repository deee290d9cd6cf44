//! The deployment sketch of a phase: a box per node group (count × shape) with its
//! components on it, coloured by status, as inline SVG.
