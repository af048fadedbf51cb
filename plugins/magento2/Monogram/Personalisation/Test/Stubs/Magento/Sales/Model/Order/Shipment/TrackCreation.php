<?php

declare(strict_types=1);

namespace Magento\Sales\Model\Order\Shipment;

use Magento\Framework\DataObject;
use Magento\Sales\Api\Data\ShipmentTrackCreationInterface;

class TrackCreation extends DataObject implements ShipmentTrackCreationInterface
{
    public function getTrackNumber()
    {
        return $this->getData('track_number');
    }

    public function setTrackNumber($trackNumber)
    {
        return $this->setData('track_number', $trackNumber);
    }

    public function getTitle()
    {
        return $this->getData('title');
    }

    public function setTitle($title)
    {
        return $this->setData('title', $title);
    }

    public function getCarrierCode()
    {
        return $this->getData('carrier_code');
    }

    public function setCarrierCode($code)
    {
        return $this->setData('carrier_code', $code);
    }
}
