<?php

declare(strict_types=1);

namespace Magento\Sales\Api\Data;

interface ShipmentTrackCreationInterface
{
    public function getTrackNumber();

    public function setTrackNumber($trackNumber);

    public function getTitle();

    public function setTitle($title);

    public function getCarrierCode();

    public function setCarrierCode($code);
}
