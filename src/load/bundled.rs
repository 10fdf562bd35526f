//! The sample issues, compiled in so that `zzread` with no arguments works from any
//! directory, installed or not.

pub const SEEDS: &[(&str, &str)] = &[
    (
        "000_03d9866ece675afd.txt",
        include_str!("../../seeds/000_03d9866ece675afd.txt"),
    ),
    (
        "001_edbf5217357039bc.txt",
        include_str!("../../seeds/001_edbf5217357039bc.txt"),
    ),
    (
        "002_64812303fea5ce53.txt",
        include_str!("../../seeds/002_64812303fea5ce53.txt"),
    ),
    (
        "003_b4c01bcc942ed7e0.txt",
        include_str!("../../seeds/003_b4c01bcc942ed7e0.txt"),
    ),
    (
        "004_32f8abd5096c7909.txt",
        include_str!("../../seeds/004_32f8abd5096c7909.txt"),
    ),
];
